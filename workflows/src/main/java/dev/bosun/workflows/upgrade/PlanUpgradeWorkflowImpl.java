package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.UpgradeSpec;
import io.temporal.workflow.Workflow;
import java.util.List;

/** The read-only plan: the same preflight as RollingUpgrade (without switching the repository) and the batches. */
public class PlanUpgradeWorkflowImpl implements PlanUpgradeWorkflow {

  @Override
  public UpgradePlanReport plan(UpgradeRequest request) {
    Preflight.validate(request);
    UpgradeSpec options = request.options() == null ? UpgradeSpec.defaults() : request.options();
    if (HopPlanner.applies(request)) {
      return planChain(request, options);
    }
    return planHop(request, request.target(), options, null);
  }

  /**
   * More than one minor up: the hops, then the first hop's read-only preflight and batches (each later hop runs its
   * own preflight when it starts, on the cluster the hop before left). A refused chain is a blocked plan.
   */
  private UpgradePlanReport planChain(UpgradeRequest request, UpgradeSpec options) {
    HopPlanner.Plan chain = HopPlanner.plan(request.inventory(), request.target());
    if (chain.refused()) {
      UpgradePlanReport report = new UpgradePlanReport(
          request.inventory().cluster(),
          String.valueOf(chain.from()),
          request.target().toString(),
          chain.refusals().stream()
              .map(r -> new PreflightFinding(
                  PreflightFinding.Severity.BLOCKER, PreflightFinding.Check.VERSION_SKEW, r))
              .toList(),
          List.of(),
          null,
          chain.hops());
      Workflow.setCurrentDetails(describe(report));
      return report;
    }
    HopPlan first = chain.hops().get(0);
    return planHop(request, KubeVersion.parse(first.to()), options, chain.hops());
  }

  private UpgradePlanReport planHop(
      UpgradeRequest request, KubeVersion hopTarget, UpgradeSpec options, List<HopPlan> hops) {
    Preflight.Result pre = new Preflight(
            request.inventory(), hopTarget, true, false, options.snapshotBeforeUpgrade())
        .certificateRenewal(options.certificateRenewalOrDefault())
        .run();
    List<List<String>> batches =
        pre.nodeVersions().size() == request.inventory().nodes().size()
            ? BatchPlanner.plan(
                    request.inventory().nodes(),
                    pre.nodeVersions(),
                    hopTarget,
                    options.maxUnavailable())
                .batches()
            : List.of();
    UpgradePlanReport report = new UpgradePlanReport(
        request.inventory().cluster(),
        String.valueOf(pre.from()),
        request.target().toString(),
        pre.findings(),
        batches,
        hops == null ? pre.packageVersion() : hops.get(hops.size() - 1).packageVersion(),
        hops);
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
    if (r.hops() != null) {
      r.hops()
          .forEach(h -> sb.append("- ")
              .append(h.title(r.hops().size()))
              .append(" (")
              .append(h.repository())
              .append(")\n"));
      sb.append('\n');
    }
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
