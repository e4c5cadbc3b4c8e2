package dev.bosun.workflows.drill;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.VeleroStatus;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a drill has found so far, and what the operator sees of it: the step running, the current details, the
 * search attributes ({@code BosunDrillResult}), and the final report.
 */
final class DrillLedger {

  private final Map<String, Long> stepMillis = new LinkedHashMap<>();
  final List<CheckResult> checks = new ArrayList<>();
  private String cluster;
  private long startedAt;
  private DrillStep step = DrillStep.VALIDATE;
  private String detail = "validating the drill settings";
  String backupName;
  OffHostCopy copy;
  VeleroStatus backup;
  VeleroStatus restore;
  DrillFigures figures;
  String teardown = "not built: nothing to tear down";
  private DrillReport report;

  void begin(String cluster, long startedAt) {
    this.cluster = cluster;
    this.startedAt = startedAt;
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.DRILL_RESULT.valueSet(DrillResult.RUNNING.label()));
  }

  void step(DrillStep step, String detail) {
    this.step = step;
    detail(detail);
  }

  void detail(String detail) {
    this.detail = detail;
    Workflow.setCurrentDetails(
        "**drill " + (backupName == null ? cluster : backupName) + "** · " + step + ": " + detail);
  }

  void took(DrillStep step, long millis) {
    stepMillis.put(step.label(), millis);
  }

  DrillProgress progress() {
    return new DrillProgress(backupName, step, detail, Map.copyOf(stepMillis));
  }

  DrillReport report() {
    return report;
  }

  DrillReport passed(String summary) {
    return end(DrillResult.PASSED, null, summary, Phase.COMPLETED);
  }

  DrillReport failed(DrillStep failedStep, String reason) {
    return end(DrillResult.FAILED, failedStep, reason, Phase.FAILED);
  }

  private DrillReport end(DrillResult result, DrillStep failedStep, String reason, Phase phase) {
    report = new DrillReport(
        cluster,
        backupName,
        result,
        failedStep,
        reason,
        copy,
        backup,
        restore,
        checks,
        figures,
        teardown,
        stepMillis,
        Workflow.currentTimeMillis() - startedAt);
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.DRILL_RESULT.valueSet(result.label()),
        BosunSearchAttributes.PHASE.valueSet(phase.label()));
    Workflow.setCurrentDetails(DrillText.report(report));
    return report;
  }
}
