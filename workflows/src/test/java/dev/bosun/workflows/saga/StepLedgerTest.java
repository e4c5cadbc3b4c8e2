package dev.bosun.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The durations line that ends the backup's and the drill's reports. */
class StepLedgerTest {

  @Test
  void testDurationsListEachStepInTheOrderItRanThenTheTotal() {
    Map<String, Long> steps = new LinkedHashMap<>();
    steps.put("validate", 3L);
    steps.put("velero-backup", 1_200L);
    steps.put("off-host-copy", 40L);
    assertThat(StepLedger.durations(steps, 1_251L))
        .isEqualTo(
            "  durations: validate=3ms velero-backup=1200ms off-host-copy=40ms total=1251ms\n");
  }

  @Test
  void testARunThatFailedBeforeAnyStepEndedShowsOnlyTheTotal() {
    assertThat(StepLedger.durations(Map.of(), 0L)).isEqualTo("  durations: total=0ms\n");
  }
}
