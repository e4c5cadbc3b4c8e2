package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Operations;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * A minor-version chain, run by the cluster's upgrade (its one workflow ID) and read as the runbook in {@link #run}:
 * plan the hops ({@link HopPlanner}, refusing before any change), then one child RollingUpgrade per hop, in order,
 * each a full rolling upgrade with its own preflight, etcd snapshot, gates and guards; a hop that does not complete
 * stops the chain. This class is the one place that knows the running hop: the {@code current-hop} query answers from
 * it, and clients send the operator's commands there (a failed node waits in its hop, so a retry resumes at that node
 * of that hop). A pause or abort that reaches the chain itself between hops holds or ends it before the next hop.
 */
final class HopChain {

  private final UpgradeRun upgrade;
  private final List<HopReport> finished = new ArrayList<>();
  private final List<UpgradeReport> hopReports = new ArrayList<>();
  private List<HopPlan> hops = List.of();
  private int current;
  private long startedAt;
  private UpgradeReport report;

  HopChain(UpgradeRun upgrade) {
    this.upgrade = upgrade;
  }

  UpgradeReport run() {
    startedAt = Workflow.currentTimeMillis();
    upgrade.view().phase(Phase.PREFLIGHT, 0);
    HopPlanner.Plan plan = HopPlanner.plan(upgrade.inventory(), upgrade.target());
    upgrade.view().from(plan.from());
    hops = plan.hops();
    if (plan.refused()) {
      upgrade.view().phase(Phase.FAILED, 0);
      upgrade
          .view()
          .details("**Refused** before any change:\n\n- " + String.join("\n- ", plan.refusals()));
      throw plan.failure(upgrade.inventory().cluster(), upgrade.target());
    }
    for (HopPlan hop : hops) {
      if (!upgrade.operator().awaitResume() || !runHop(hop)) { // paused between hops, or aborting
        break;
      }
    }
    return report = finish();
  }

  /** Runs one hop to its end; false when it did not complete (the chain stops there). */
  private boolean runHop(HopPlan hop) {
    String id = WorkflowIds.upgradeHop(upgrade.inventory().cluster(), KubeVersion.parse(hop.to()));
    upgrade.view().phase(Phase.HOPS, 0);
    upgrade
        .view()
        .details("**" + hop.title(hops.size()) + "** (" + id
            + "): its nodes and operator commands are" + " there; `bosun watch` follows it");
    RollingUpgradeWorkflow child =
        Workflow.newChildWorkflowStub(RollingUpgradeWorkflow.class, childOptions(hop, id));
    long hopStart = Workflow.currentTimeMillis();
    try {
      Promise<UpgradeReport> running = Async.function(
          child::upgrade,
          new UpgradeRequest(
              upgrade.inventory(),
              KubeVersion.parse(hop.to()),
              upgrade.options(),
              null,
              new UpgradeHop(hop.index(), hops.size())));
      Workflow.getWorkflowExecution(child).get(); // named as current only once it runs
      current = hop.index();
      UpgradeReport r = running.get();
      hopReports.add(r);
      finished.add(HopReport.of(hop, r, id));
      return r.outcome() == Phase.COMPLETED;
    } catch (ChildWorkflowFailure e) {
      boolean cancelled = WorkflowFailures.cancelled(e);
      finished.add(new HopReport(
          hop.index(),
          hop.from(),
          hop.to(),
          cancelled ? Phase.ABORTED : Phase.FAILED,
          cancelled ? "cancelled: nodes in flight were compensated" : UpgradeChildren.describe(e),
          0,
          null,
          Workflow.currentTimeMillis() - hopStart,
          id));
      if (cancelled) {
        current = 0;
        report = summary(Phase.ABORTED, "cancelled during " + hop.title(hops.size()));
        throw e;
      }
      return false;
    } finally {
      current = 0;
    }
  }

  /** The chain's report: every hop, then the last hop's nodes; the view says how it ended. */
  private UpgradeReport finish() {
    Workflow.await(Workflow::isEveryHandlerFinished);
    HopReport last = finished.isEmpty() ? null : finished.get(finished.size() - 1);
    boolean all = finished.size() == hops.size()
        && finished.stream().allMatch(h -> h.outcome() == Phase.COMPLETED);
    Phase outcome;
    String reason;
    if (all) {
      outcome = Phase.COMPLETED;
      reason = "every node runs " + upgrade.target() + " after " + hops.size() + " hops";
    } else if (last == null || last.outcome() == Phase.COMPLETED) {
      outcome = Phase.ABORTED;
      reason = upgrade.operator().abortReason() + " (before hop " + (finished.size() + 1) + ")";
    } else {
      outcome = last.outcome();
      reason = hops.get(last.index() - 1).title(hops.size()) + " ended " + last.outcome() + ": "
          + last.reason() + (last.index() < hops.size() ? "; the hops after it did not start" : "");
    }
    UpgradeReport r = summary(outcome, reason);
    upgrade.view().phase(outcome, 0);
    upgrade.view().details("**" + outcome + "**: " + reason);
    return r;
  }

  private UpgradeReport summary(Phase outcome, String reason) {
    UpgradeReport last = hopReports.isEmpty() ? null : hopReports.get(hopReports.size() - 1);
    EtcdSnapshot first = finished.stream()
        .map(HopReport::snapshot)
        .filter(s -> s != null)
        .findFirst()
        .orElse(null);
    List<String> compensations = new ArrayList<>();
    hopReports.forEach(h -> compensations.addAll(h.compensations()));
    return upgrade.report(
        outcome,
        reason,
        last == null ? List.of() : last.nodes(),
        last == null ? List.of() : last.preflight(),
        first,
        compensations,
        startedAt,
        List.copyOf(finished));
  }

  /** The report once the chain ended (or was cancelled), else null. */
  UpgradeReport report() {
    return report;
  }

  /** The running hop's workflow ID, or null while none runs. */
  String currentWorkflowId() {
    return current == 0
        ? null
        : WorkflowIds.upgradeHop(
            upgrade.inventory().cluster(),
            KubeVersion.parse(hops.get(current - 1).to()));
  }

  ChainProgress progress() {
    return new ChainProgress(hops, List.copyOf(finished), current, currentWorkflowId());
  }

  private ChildWorkflowOptions childOptions(HopPlan hop, String id) {
    return UpgradeChildren.options(
        id,
        "Upgrade " + upgrade.inventory().cluster() + " " + hop.title(hops.size()),
        upgrade.inventory().cluster(),
        Operations.UPGRADE_HOP,
        hop.to());
  }
}
