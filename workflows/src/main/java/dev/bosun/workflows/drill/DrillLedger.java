package dev.bosun.workflows.drill;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.saga.StepLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a drill has found so far (the copy, the synced Backup, the Restore, every check, RPO/RTO, the teardown) and
 * its report; the steps, details and {@code BosunDrillResult} are the {@link StepLedger}'s, headed by the picked
 * backup's name once known.
 */
final class DrillLedger extends StepLedger<DrillStep, DrillResult, DrillReport> {

  final List<CheckResult> checks = new ArrayList<>();
  OffHostCopy copy;
  VeleroStatus backup;
  VeleroStatus restore;
  DrillFigures figures;
  String teardown = "not built: nothing to tear down";

  DrillLedger() {
    super(
        BosunSearchAttributes.DRILL_RESULT,
        "drill ",
        DrillStep.VALIDATE,
        "validating the drill settings");
  }

  DrillProgress progress() {
    return new DrillProgress(subject(), step(), detail(), Map.copyOf(stepMillis()));
  }

  DrillReport passed(String summary) {
    return end(DrillResult.PASSED, null, summary);
  }

  @Override
  public DrillReport failed(DrillStep failedStep, String reason) {
    return end(DrillResult.FAILED, failedStep, reason);
  }

  @Override
  protected DrillReport build(DrillResult result, DrillStep failedStep, String reason) {
    return new DrillReport(
        cluster(),
        subject(),
        result,
        failedStep,
        reason,
        copy,
        backup,
        restore,
        checks,
        figures,
        teardown,
        stepMillis(),
        elapsed());
  }

  @Override
  protected String text(DrillReport report) {
    return DrillText.report(report);
  }
}
