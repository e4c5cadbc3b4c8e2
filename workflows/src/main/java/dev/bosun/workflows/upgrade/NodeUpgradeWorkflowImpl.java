package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.kube;
import static dev.bosun.workflows.ActivityStubs.node;
import static dev.bosun.workflows.WorkflowFailures.cancelled;
import static dev.bosun.workflows.WorkflowFailures.describe;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.activities.ControlPlaneHealth;
import dev.bosun.workflows.drain.DrainOutcome;
import dev.bosun.workflows.drain.DrainProcedure;
import dev.bosun.workflows.drain.DrainReport;
import dev.bosun.workflows.drain.DrainText;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.NodeRole;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * One node of a rolling upgrade (see {@link NodeUpgradeWorkflow}). Compensation is forward-safe: a
 * control plane is never downgraded (only uncordoned); a worker gets its previous packages back and its
 * kubelet restarted, or, with {@code upgrade.snapshotBeforeUpgrade}, its VM restored to the snapshot taken after
 * its drain ({@link NodeSnapshot}); a node cordoned before Bosun stays cordoned.
 */
public class NodeUpgradeWorkflowImpl implements NodeUpgradeWorkflow {

  static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
  static final Duration HEALTH_RECHECK_TIMEOUT = Duration.ofMinutes(1);
  private static final Logger log = Workflow.getLogger(NodeUpgradeWorkflowImpl.class);

  private NodeUpgradeInput in;
  private HostTarget host;
  private NodeRow row;
  private NodeCompensation compensation;
  private NodePackages packages;
  private NodeSnapshot snapshot;
  private DrainProcedure drain;
  private NodeConfigGuard config;
  private NodeDecision decision;
  private int attempts = 1;

  @Override
  public NodeReport upgrade(NodeUpgradeInput input) {
    in = input;
    host = input.host();
    long started = Workflow.currentTimeMillis();
    row = new NodeRow(
        host.node(),
        in.role(),
        String.valueOf(in.from()),
        String.valueOf(in.target()),
        NodeStatus.RUNNING.label(),
        null,
        null,
        started,
        0);
    compensation = new NodeCompensation(host.node());
    packages = new NodePackages(in);
    snapshot = new NodeSnapshot(in);
    config = new NodeConfigGuard(host);
    drain = new DrainProcedure(
        in.cluster(), host.node(), in.drain(), in.cordonedBefore(), p -> note(DrainText.note(p)));
    NodeStep[] steps = NodeStep.values();
    int i = 0;
    try {
      while (i < steps.length) {
        NodeStep step = steps[i];
        setRow(NodeStatus.RUNNING, step, null);
        try {
          run(step);
          i++;
        } catch (TemporalFailure e) {
          if (cancelled(e)) {
            throw e;
          }
          String error = describe(e);
          log.warn("{} failed at {}: {}", host.node(), step, error);
          NodeDecision d = askParent(step, error);
          if (d.retries()) {
            config.answer(d); // a drift accepted or restored before the step runs again
            attempts++;
            continue;
          }
          String text = compensateDetached();
          NodeStatus status = compensation.failed() ? NodeStatus.FAILED : NodeStatus.ROLLED_BACK;
          setRow(status, step, error);
          return new NodeReport(
              host.node(),
              in.role(),
              String.valueOf(in.from()),
              null,
              status,
              step.label(),
              error,
              text,
              attempts,
              Workflow.currentTimeMillis() - started);
        }
      }
    } catch (RuntimeException e) {
      if (cancelled(e)) {
        // Cancelled (abort or cancel of the upgrade): undo this node in a scope the cancellation
        // does not reach.
        compensateDetached();
      }
      throw e;
    }
    String note = snapshot.deleteAfterUpgrade();
    setRow(
        NodeStatus.UPGRADED,
        NodeStep.HEALTH_GATE,
        note != null
            ? note
            : drain.cordonedBefore() ? "left cordoned (cordoned before Bosun)" : null);
    return new NodeReport(
        host.node(),
        in.role(),
        String.valueOf(in.from()),
        String.valueOf(in.target()),
        NodeStatus.UPGRADED,
        null,
        null,
        null,
        attempts,
        Workflow.currentTimeMillis() - started,
        note);
  }

  private void run(NodeStep step) {
    String n = host.node();
    switch (step) {
      case ETCD_QUORUM -> EtcdQuorumGuard.check(in);
      case DRAIN -> {
        DrainReport report = drain.run(compensation::add);
        if (report.outcome() != DrainOutcome.DRAINED) {
          throw ApplicationFailure.newFailure(
              DrainText.failure(report),
              report.outcome() == DrainOutcome.REFUSED ? "DrainRefused" : "DrainTimedOut");
        }
      }
      case KUBEADM_PACKAGE -> {
        config.fingerprint(); // before the first change the upgrade makes
        boolean snapshotted =
            snapshot.take(compensation); // before the first package change; false unless it applies
        packages.installKubeadm(compensation, !snapshotted);
      }
      case KUBEADM_UPGRADE -> {
        if (in.firstControlPlane()) {
          node(
                  BosunActivityOptions.KUBEADM_APPLY,
                  "kubeadm upgrade apply " + in.target() + " on " + n)
              .kubeadmUpgradeApply(host, in.target(), in.certificateRenewal());
        } else {
          node(BosunActivityOptions.HOST_STEP, "kubeadm upgrade node on " + n)
              .kubeadmUpgradeNode(host, in.target(), in.certificateRenewal());
        }
      }
      case KUBELET_PACKAGES -> packages.installKubeletAndKubectl();
      case KUBELET_RESTART -> {
        config.compare(); // before the restart loads what kubeadm and the packages wrote
        node(BosunActivityOptions.QUICK, "restart kubelet on " + n).restartKubelet(host);
      }
      case WAIT_READY ->
        kube(BosunActivityOptions.WAIT_READY, "wait for " + n + " Ready at " + in.target())
            .waitForNodeReady(in.cluster(), n, in.target(), READY_TIMEOUT);
      case UNCORDON -> {
        if (drain.cordonedBefore()) {
          note("left cordoned (cordoned before Bosun)");
        } else {
          kube(BosunActivityOptions.QUICK, "uncordon " + n).uncordon(in.cluster(), n);
        }
      }
      case HEALTH_GATE -> healthGate();
    }
  }

  /** Control planes: static pods at the target and /readyz ok. Workers: still Ready at the target. */
  private void healthGate() {
    String n = host.node();
    if (in.role() == NodeRole.CONTROL_PLANE) {
      ControlPlaneHealth health = kube(
              BosunActivityOptions.QUICK, "check control plane on " + n + " at " + in.target())
          .checkControlPlane(in.cluster(), n, in.target());
      if (!health.healthy()) {
        throw ApplicationFailure.newFailure(
            "control plane on " + n + " is not healthy: " + String.join("; ", health.problems()),
            "HealthGateFailed");
      }
    } else {
      kube(BosunActivityOptions.WAIT_READY, "recheck " + n + " Ready at " + in.target())
          .waitForNodeReady(in.cluster(), n, in.target(), HEALTH_RECHECK_TIMEOUT);
    }
  }

  /** Compensates once, showing the node as compensating while it does (see {@link NodeCompensation}). */
  private String compensateDetached() {
    return compensation.runDetached(() -> row = new NodeRow(
        row.node(),
        row.role(),
        row.from(),
        row.to(),
        NodeStatus.COMPENSATING.label(),
        row.step(),
        row.detail(),
        row.startedAtMillis(),
        0));
  }

  private NodeDecision askParent(NodeStep step, String error) {
    Optional<String> parent = Workflow.getInfo().getParentWorkflowId();
    if (parent.isEmpty()) {
      return NodeDecision.ABORT; // run on its own: nobody to ask
    }
    decision = null;
    setRow(NodeStatus.AWAITING_OPERATOR, step, error);
    Workflow.newExternalWorkflowStub(RollingUpgradeWorkflow.class, parent.get())
        .nodeFailed(new NodeFailure(
            host.node(),
            step.label(),
            error,
            attempts,
            Workflow.getInfo().getWorkflowId(),
            config.driftedFiles()));
    Workflow.await(() -> decision != null);
    return decision;
  }

  @Override
  public void resolve(NodeDecision decision) {
    this.decision = decision;
  }

  @Override
  public NodeRow progress() {
    return row;
  }

  private void setRow(NodeStatus state, NodeStep step, String detail) {
    long finished = state.inFlight() ? 0 : Workflow.currentTimeMillis();
    row = new NodeRow(
        row.node(),
        row.role(),
        row.from(),
        row.to(),
        state.label(),
        step == null ? null : step.label(),
        detail,
        row.startedAtMillis(),
        finished);
    Workflow.setCurrentDetails(NodeTable.render(
        "Upgrade " + row.node() + " " + row.from() + " → " + row.to() + " (attempt " + attempts
            + ")",
        List.of(row)));
  }

  private void note(String detail) {
    row = new NodeRow(
        row.node(),
        row.role(),
        row.from(),
        row.to(),
        row.state(),
        row.step(),
        detail,
        row.startedAtMillis(),
        row.finishedAtMillis());
  }
}
