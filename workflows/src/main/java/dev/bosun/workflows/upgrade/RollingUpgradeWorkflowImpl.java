package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.UpgradeSpec;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * A rolling kubeadm upgrade (see {@link RollingUpgradeWorkflow}), read as the runbook in {@link #upgrade}:
 * preflight (or a checkpoint), the stages of {@link BatchPlanner}, an etcd snapshot, then one
 * {@link NodeUpgradeWorkflow} child per node, stage by stage, and the {@link FinalReport}; more than one minor up, a
 * {@link HopChain} of child upgrades instead. The operator's
 * updates live in {@link OperatorUpdates} (their validators in {@link UpdateValidators}), what the UI and
 * the CLI show in {@link UpgradeView}.
 */
public class RollingUpgradeWorkflowImpl implements RollingUpgradeWorkflow {

  private static final Logger log = Workflow.getLogger(RollingUpgradeWorkflowImpl.class);

  private final OperatorUpdates operator = new OperatorUpdates();
  private final UpgradeView view = operator.view();
  private final UpdateValidators validators = new UpdateValidators(operator, this::currentHop);
  private WindowGate window;
  private Inventory inventory;
  private UpgradeSpec options;
  private KubeVersion target;
  private UpgradeStart start = UpgradeStart.NOT_YET;
  private int stagesStarted;
  private UpgradeReport report;
  private HopChain chain;

  @Override
  public UpgradeReport upgrade(UpgradeRequest request) {
    begin(request);
    if (HopPlanner.applies(request)) { // more than one minor up: a chain of child upgrades
      return report = (chain = new HopChain(run())).run();
    }
    start = request.checkpoint() == null
        ? UpgradeStart.preflight(inventory, target, options, view)
        : UpgradeStart.restore(request.checkpoint(), view, operator);
    BatchPlanner.Plan plan = planStages();
    if (plan.stages().isEmpty()) {
      return report = finalReport()
          .finish(Phase.COMPLETED, "every node already runs " + target, start.snapshot());
    }
    // the restore point of the changes: taken once a window is open, not hours before
    EtcdSnapshot snapshot = start.snapshot() == null && options.etcdSnapshot() && window.awaitOpen()
        ? EtcdBackup.take(inventory, view)
        : start.snapshot();
    try {
      for (int s = start.nextStage(); s < plan.stages().size() && !operator.aborted(); s++) {
        BatchPlanner.Stage stage = plan.stages().get(s);
        if (historyIsLarge(stage) && !handOver(s, snapshot)) {
          break;
        }
        operator.awaitGate(plan, s);
        if (!window.awaitStart()) { // paused, or outside the maintenance windows
          break;
        }
        runStage(stage);
        stopUnlessUpgraded(stage);
        pauseBetweenBatches(plan, s);
      }
    } catch (RuntimeException e) {
      return cancelledReport(e, snapshot);
    }
    return report = finalReport().afterStages(snapshot);
  }

  /** Run 1 of a cancelled upgrade writes its report (the {@code report} query) before it ends cancelled. */
  static final String CANCEL_RETURNS_REPORT = "cancel-returns-report";

  /**
   * A cancelled upgrade (its nodes compensated) writes its report for the {@code report} query, in a scope the
   * cancellation does not reach, then ends cancelled as the SDK ends every cancelled run; anything else is rethrown.
   */
  private UpgradeReport cancelledReport(RuntimeException e, EtcdSnapshot snapshot) {
    if (WorkflowFailures.cancelled(e)
        && Workflow.getVersion(CANCEL_RETURNS_REPORT, Workflow.DEFAULT_VERSION, 1) == 1) {
      operator.cancelled(); // nobody can answer its waits for an operator any more
      Workflow.newDetachedCancellationScope(() -> {
            report = finalReport()
                .finish(
                    Phase.ABORTED,
                    "cancelled: nodes in flight were compensated, no new node started",
                    snapshot);
          })
          .run();
    }
    throw e;
  }

  @Override
  public UpgradeReport report() {
    return report == null && chain != null ? chain.report() : report;
  }

  @Override
  public String currentHop() {
    return chain == null ? null : chain.currentWorkflowId();
  }

  /** Events past which the run continues as new before a batch of {@code nextBatchSize} nodes. */
  protected long historyThreshold(int nextBatchSize) {
    return HistoryBudget.thresholdFor(nextBatchSize);
  }

  // ---- the runbook's steps ----

  private void begin(UpgradeRequest request) {
    Preflight.validate(request);
    inventory = request.inventory();
    options = request.options() == null ? UpgradeSpec.defaults() : request.options();
    target = request.target();
    operator.begin(inventory, options);
    window = new WindowGate(options, view, operator);
    view.begin(inventory, target);
  }

  /** The stages from the versions at the start; nodes already at the target are done without a stage. */
  private BatchPlanner.Plan planStages() {
    BatchPlanner.Plan plan =
        BatchPlanner.plan(inventory.nodes(), start.versions(), target, options.maxUnavailable());
    for (String n : plan.alreadyAtTarget()) {
      if (!view.hasOutcome(n)) {
        view.finished(NodeReport.alreadyAtTarget(inventory.node(n), target));
      }
    }
    return plan;
  }

  /** Only between stages, and never before this run has run one (each run makes progress). */
  private boolean historyIsLarge(BatchPlanner.Stage stage) {
    return stagesStarted > 0
        && HistoryBudget.continueAsNew(
            Workflow.getInfo().isContinueAsNewSuggested(),
            Workflow.getInfo().getHistoryLength(),
            historyThreshold(stage.nodes().size()),
            true);
  }

  /** Continues as new at {@code nextStage} once resumed (a pause holds the hand-over); false when aborting instead. */
  private boolean handOver(int nextStage, EtcdSnapshot snapshot) {
    if (!operator.awaitResume()) {
      return false;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    UpgradeCheckpoint next = start.checkpoint(view, operator, snapshot, nextStage);
    log.info(
        "continuing as new at stage {} (history {} events)",
        nextStage,
        Workflow.getInfo().getHistoryLength());
    // no hop: a continued run (its checkpoint set) is never planned as a chain, hop or not
    Workflow.continueAsNew(new UpgradeRequest(inventory, target, options, next, null));
    return true; // not reached: continueAsNew ends the run
  }

  /** The stage's nodes in parallel, one child each; a cancellation says so in the UI before it ends the run. */
  private void runStage(BatchPlanner.Stage stage) {
    view.phase(
        stage.role() == NodeRole.CONTROL_PLANE ? Phase.CONTROL_PLANES : Phase.WORKERS,
        view.finishedCount());
    try {
      new NodeChildren(run()).run(stage, start);
    } catch (RuntimeException e) {
      if (WorkflowFailures.cancelled(e)) {
        // The children compensated themselves (WAIT_CANCELLATION_COMPLETED); say so in the UI, then
        // end cancelled.
        Workflow.newDetachedCancellationScope(() -> {
              view.phase(Phase.ABORTED, view.doneCount());
              view.details("**Cancelled**: nodes in flight were compensated\n\n" + view.headline());
            })
            .run();
      }
      throw e;
    }
    stagesStarted++;
  }

  /** A control plane not upgraded stops the upgrade: kubelets newer than the API server break the skew policy. */
  private void stopUnlessUpgraded(BatchPlanner.Stage stage) {
    if (stage.role() != NodeRole.CONTROL_PLANE) {
      return;
    }
    for (String n : stage.nodes()) {
      NodeReport r = view.outcome(n);
      NodeStatus status = r == null ? NodeStatus.NOT_STARTED : r.status();
      if (!status.atTarget()) {
        operator.abortAll("control plane " + n + " ended " + status
            + ": no further node may be upgraded past its API server");
        return;
      }
    }
  }

  private void pauseBetweenBatches(BatchPlanner.Plan plan, int s) {
    boolean more = s + 1 < plan.stages().size();
    if (more
        && !operator.aborted()
        && plan.stages().get(s).role() == NodeRole.WORKER
        && !options.pauseBetweenBatches().isZero()) {
      Workflow.sleep(options.pauseBetweenBatches());
    }
  }

  // ---- the end ----

  /** How this run ends: its outcome and the report (see {@link FinalReport}). */
  private FinalReport finalReport() {
    return new FinalReport(run(), start.startedAt());
  }

  /** This run's request as read, with its view and operator state: what its parts share. */
  private UpgradeRun run() {
    return new UpgradeRun(inventory, target, options, view, operator);
  }

  // ---- queries and updates: the operator's side ----

  @Override
  public UpgradeProgress progress() {
    return operator.progress(
        String.valueOf(target),
        start.startedAt(),
        window == null ? null : window.waiting(),
        chain == null ? null : chain.progress());
  }

  @Override
  public void nodeFailed(NodeFailure failure) {
    operator.nodeFailed(failure);
  }

  @Override
  public String pause(String reason) {
    return operator.pause(reason);
  }

  @Override
  public void validatePause(String reason) {
    validators.pause(reason);
  }

  @Override
  public String resume() {
    return operator.resume();
  }

  @Override
  public void validateResume() {
    validators.resume();
  }

  @Override
  public String approve(String note) {
    return operator.approve(note);
  }

  @Override
  public void validateApprove(String note) {
    validators.approve(note);
  }

  @Override
  public String retry(String node, String drift) {
    return operator.retry(node, drift);
  }

  @Override
  public void validateRetry(String node, String drift) {
    validators.retry(node, drift);
  }

  @Override
  public String skip(String node) {
    return operator.skip(node);
  }

  @Override
  public void validateSkip(String node) {
    validators.skip(node);
  }

  @Override
  public String abort(String reason) {
    return operator.abort(reason);
  }

  @Override
  public void validateAbort(String reason) {
    validators.abort(reason);
  }
}
