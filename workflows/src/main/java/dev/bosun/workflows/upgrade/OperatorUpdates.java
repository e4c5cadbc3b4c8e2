package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The operator's side of a rolling upgrade: the updates (pause, resume, approve, retry, skip, abort),
 * the failed nodes waiting for an answer, the onNodeFailure policy and the circuit breaker, and the
 * waits for a gate or a resume. A handler only runs on a request its validator (in
 * {@link UpdateValidators}) accepted before the request was written to the history.
 */
final class OperatorUpdates {

  private static final Logger log = Workflow.getLogger(OperatorUpdates.class);

  private final UpgradeView view = new UpgradeView(this);
  private final Map<String, NodeFailure> awaiting = new LinkedHashMap<>();
  private Inventory inventory;
  private UpgradeSpec options;
  private boolean paused;
  private String pauseReason;
  private String gate;
  private boolean gateApproved;
  private boolean approvedWorkers;
  private boolean aborted;
  private String abortReason;
  private int failedNodes;

  UpgradeView view() {
    return view;
  }

  void begin(Inventory inventory, UpgradeSpec options) {
    this.inventory = inventory;
    this.options = options;
  }

  /** What a previous run decided (continue-as-new). */
  void restore(UpgradeCheckpoint checkpoint) {
    failedNodes = checkpoint.failedNodes();
    approvedWorkers = checkpoint.approvedWorkers();
    paused = checkpoint.pauseReason() != null;
    pauseReason = checkpoint.pauseReason();
  }

  int failedNodes() {
    return failedNodes;
  }

  boolean approvedWorkers() {
    return approvedWorkers;
  }

  boolean aborted() {
    return aborted;
  }

  /** Why the upgrade is aborting, or null while it is not. */
  String abortReason() {
    return aborted ? abortReason : null;
  }

  boolean paused() {
    return paused;
  }

  /** Why the upgrade is paused (carried into the next run), or null while it is not. */
  String pauseReason() {
    return paused ? pauseReason : null;
  }

  /** The approval gate waiting for {@code bosun approve}, or null. */
  String openGate() {
    return gateApproved ? null : gate;
  }

  /** The failure {@code node} waits on (null when it waits on none). */
  NodeFailure awaitingFailure(String node) {
    return awaiting.get(node);
  }

  /** Whether {@code node} failed and waits for retry, skip or abort. */
  boolean awaits(String node) {
    return awaiting.containsKey(node);
  }

  Inventory inventory() {
    return inventory;
  }

  // ---- gates ----

  /** Before a worker stage: the approval its gate asks for, if any (before-workers is asked once per upgrade). */
  void awaitGate(BatchPlanner.Plan plan, int s) {
    BatchPlanner.Stage stage = plan.stages().get(s);
    if (stage.role() != NodeRole.WORKER) {
      return;
    }
    boolean firstWorkerStage = s == 0 || plan.stages().get(s - 1).role() != NodeRole.WORKER;
    if (options.approval() == ApprovalGate.BEFORE_EACH_BATCH
        || (options.approval() == ApprovalGate.BEFORE_WORKERS
            && firstWorkerStage
            && !approvedWorkers)) {
      awaitApproval(
          options.approval() == ApprovalGate.BEFORE_WORKERS
              ? "before-workers"
              : "before batch " + (s + 1) + " " + stage.nodes());
      approvedWorkers = true;
    }
  }

  private void awaitApproval(String which) {
    gate = which;
    gateApproved = false;
    view.phase(Phase.AWAITING_APPROVAL, view.finishedCount());
    view.details("**Awaiting approval** (" + which + "): `bosun approve`\n\n" + view.headline());
    Workflow.await(() -> gateApproved || aborted);
    gate = null;
  }

  /** Waits while paused; false when the upgrade is aborting (nothing new may start). */
  boolean awaitResume() {
    if (paused && !aborted) {
      view.phase(Phase.PAUSED, view.finishedCount());
      view.details("**Paused**: " + pauseReason + "\n\n" + view.headline());
      Workflow.await(() -> !paused || aborted);
    }
    return !aborted;
  }

  // ---- node failures ----

  /** A child reported a failed node: apply onNodeFailure, waiting for the operator if that is the policy. */
  void nodeFailed(NodeFailure failure) {
    awaiting.put(failure.node(), failure);
    view.awaitingOperator(failure);
    if (aborted) {
      resolve(failure.node(), NodeDecision.ABORT);
      return;
    }
    OnNodeFailure policy =
        options.onNodeFailure() == null ? OnNodeFailure.WAIT_FOR_OPERATOR : options.onNodeFailure();
    String what = failure.node() + " failed at " + failure.step() + ": " + failure.error();
    switch (policy) {
      case ABORT -> abortAll(what + " (onNodeFailure=abort)");
      case SKIP -> {
        if (inventory.isControlPlane(failure.node())) {
          abortAll(what + " (onNodeFailure=skip does not apply to control planes: aborting)");
        } else {
          skipNode(failure.node());
        }
      }
      case WAIT_FOR_OPERATOR -> {
        Phase before = view.phase();
        view.phase(Phase.AWAITING_OPERATOR, view.finishedCount());
        view.details("**Awaiting operator**: " + what + "\n\n`bosun retry " + failure.node()
            + "`, `bosun skip " + failure.node() + "` or `bosun abort`\n\n" + view.headline());
        Duration timeout = options.operatorTimeoutOrDefault();
        boolean answered = Workflow.await(timeout, () -> !awaiting.containsKey(failure.node()));
        if (!answered) {
          abortAll("no operator answered for " + failure.node() + " within " + timeout + " (" + what
              + ")");
        } else if (awaiting.isEmpty() && !aborted && view.phase() == Phase.AWAITING_OPERATOR) {
          view.phase(before, view.finishedCount());
        }
      }
    }
  }

  /** The upgrade was cancelled: its node workflows are gone, so nobody waits for an answer about them any more. */
  void cancelled() {
    awaiting.clear();
  }

  /** A child workflow that failed outright (not through nodeFailed): it counts as a failed node. */
  void countFailure(String what) {
    failedNodes++;
    if (!aborted && options.onNodeFailure() == OnNodeFailure.ABORT) {
      abortAll(what + " (onNodeFailure=abort)");
    } else {
      tripCircuitBreaker();
    }
  }

  /** Aborts once maxFailedNodes nodes failed (0: never). */
  private void tripCircuitBreaker() {
    if (options.maxFailedNodes() > 0 && failedNodes >= options.maxFailedNodes() && !aborted) {
      abortAll("circuit breaker: " + failedNodes + " node(s) failed (maxFailedNodes="
          + options.maxFailedNodes() + ")");
    }
  }

  void abortAll(String reason) {
    if (!aborted) {
      aborted = true;
      abortReason = reason;
      log.warn("aborting: {}", reason);
    }
    for (String n : List.copyOf(awaiting.keySet())) {
      resolve(n, NodeDecision.ABORT);
    }
  }

  private void resolve(String n, NodeDecision decision) {
    NodeFailure f = awaiting.remove(n);
    if (f == null) {
      return;
    }
    if (!decision.retries()) {
      failedNodes++;
    }
    Workflow.newExternalWorkflowStub(NodeUpgradeWorkflow.class, f.childWorkflowId())
        .resolve(decision);
    view.details(view.headline());
  }

  private void skipNode(String n) {
    resolve(n, NodeDecision.SKIP);
    tripCircuitBreaker();
  }

  // ---- the updates (their validators: UpdateValidators) ----

  String pause(String reason) {
    paused = true;
    pauseReason = reason;
    view.details("**Paused**: " + reason + "\n\n" + view.headline());
    return "paused: nodes in flight finish, no new node starts until resume";
  }

  String resume() {
    paused = false;
    pauseReason = null;
    return "resumed";
  }

  String approve(String note) {
    gateApproved = true;
    return "approved " + gate + (note == null || note.isBlank() ? "" : ": " + note);
  }

  String retry(String n, String drift) {
    NodeFailure f = awaiting.get(n);
    NodeDecision d = NodeDecision.forRetry(drift);
    resolve(n, d);
    String how = switch (d) {
      case ACCEPT_DRIFT -> ", its configuration accepted as it is";
      case RESTORE_CONFIG -> ", " + String.join(", ", f.driftedFiles()) + " restored first";
      default -> "";
    };
    return "retrying " + n + " from step " + f.step() + " (attempt " + (f.attempt() + 1) + ")"
        + how;
  }

  String skip(String n) {
    skipNode(n);
    return "skipping " + n + ": compensating it and carrying on"
        + (aborted ? " (then aborting: " + abortReason + ")" : "");
  }

  String abort(String reason) {
    abortAll("aborted by operator" + (reason == null || reason.isBlank() ? "" : ": " + reason));
    return "aborting: in-flight nodes finish, failed nodes are compensated, no new node starts";
  }

  /** The progress query's answer. */
  UpgradeProgress progress(String target, long startedAt, WindowWait window, ChainProgress chain) {
    NodeFailure first = awaiting.isEmpty() ? null : awaiting.values().iterator().next();
    List<NodeRow> rows = view.rows();
    return new UpgradeProgress(
        inventory == null ? null : inventory.cluster(),
        view.from(),
        target,
        view.phase(),
        paused,
        pauseReason,
        first,
        openGate(),
        view.doneCount(),
        rows.size(),
        failedNodes,
        rows,
        view.findings(),
        startedAt,
        window,
        chain);
  }
}
