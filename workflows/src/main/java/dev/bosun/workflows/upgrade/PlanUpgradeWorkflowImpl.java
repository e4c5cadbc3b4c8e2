package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.UpgradeSpec;
import io.temporal.workflow.Workflow;
import java.util.List;

/** The read-only plan: the same preflight as RollingUpgrade (without switching the repository) and the batches. */
public class PlanUpgradeWorkflowImpl implements PlanUpgradeWorkflow {

  @Override
  public UpgradePlanReport plan(UpgradeRequest request) {
    Preflight.validate(request);
    UpgradeSpec options = request.options() == null ? UpgradeSpec.defaults() : request.options();
    Preflight.Result pre = new Preflight(
            request.inventory(), request.target(), true, false, options.snapshotBeforeUpgrade())
        .certificateRenewal(options.certificateRenewalOrDefault())
        .run();
    List<List<String>> batches =
        pre.nodeVersions().size() == request.inventory().nodes().size()
            ? BatchPlanner.plan(
                    request.inventory().nodes(),
                    pre.nodeVersions(),
                    request.target(),
                    options.maxUnavailable())
                .batches()
            : List.of();
    UpgradePlanReport report = new UpgradePlanReport(
        request.inventory().cluster(),
        String.valueOf(pre.from()),
        request.target().toString(),
        pre.findings(),
        batches,
        pre.packageVersion());
    Workflow.setCurrentDetails(describe(report));
    return report;
  }

  static String describe(UpgradePlanReport r) {
    StringBuilder sb = new StringBuilder("**Plan** ")
        .append(r.cluster())
        .append(' ')
        .append(r.from())
        .append(" → ")
        .append(r.target())
        .append(r.blocked() ? ": blocked\n\n" : "\n\n");
    r.findings().forEach(f -> sb.append(PreflightText.bullet(f)).append('\n'));
    for (int i = 0; i < r.batches().size(); i++) {
      sb.append("\n")
          .append(i + 1)
          .append(". ")
          .append(String.join(", ", r.batches().get(i)));
    }
    return sb.toString();
  }
}
