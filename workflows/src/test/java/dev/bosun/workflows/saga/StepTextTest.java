package dev.bosun.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.workflows.backup.BackupResult;
import dev.bosun.workflows.drill.DrillResult;
import dev.bosun.workflows.drill.DrillStep;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lines that open and end the backup's and the drill's reports. */
class StepTextTest {

  @Test
  void testDurationsListEachStepInTheOrderItRanThenTheTotal() {
    Map<String, Long> steps = new LinkedHashMap<>();
    steps.put("validate", 3L);
    steps.put("velero-backup", 1_200L);
    steps.put("off-host-copy", 40L);
    assertThat(StepText.durations(steps, 1_251L))
        .isEqualTo(
            "  durations: validate=3ms velero-backup=1200ms off-host-copy=40ms total=1251ms\n");
  }

  @Test
  void testARunThatFailedBeforeAnyStepEndedShowsOnlyTheTotal() {
    assertThat(StepText.durations(Map.of(), 0L)).isEqualTo("  durations: total=0ms\n");
  }

  @Test
  void testAFailedRunNamesTheStepAndTheReason() {
    assertThat(StepText.outcome(
            DrillResult.FAILED,
            DrillStep.VERIFY_COPY,
            "copy of b does not match (OffHostVerifyFailed)"))
        .isEqualTo(
            ": failed at step verify-copy\n  copy of b does not match (OffHostVerifyFailed)\n");
  }

  @Test
  void testAPassedRunHasNoStepAndItsSummaryAsTheReason() {
    assertThat(StepText.outcome(DrillResult.PASSED, null, "every check passed"))
        .isEqualTo(": passed\n  every check passed\n");
    assertThat(StepText.outcome(BackupResult.RUNNING, null, null)).isEqualTo(": running\n");
  }
}
