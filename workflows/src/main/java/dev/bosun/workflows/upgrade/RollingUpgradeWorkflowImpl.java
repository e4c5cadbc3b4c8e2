package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.Activities.kube;
import static dev.bosun.workflows.Activities.node;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Operations;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.ClusterState;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A rolling kubeadm upgrade (see {@link RollingUpgradeWorkflow}): preflight, etcd snapshot, then one
 * {@link NodeUpgradeWorkflow} child per node in the order of {@link BatchPlanner}. Search attributes
 * change per phase and per batch only (not per node step) to keep the history small.
 */
public class RollingUpgradeWorkflowImpl implements RollingUpgradeWorkflow {

  private static final Logger log = Workflow.getLogger(RollingUpgradeWorkflowImpl.class);
  private static final DateTimeFormatter SNAPSHOT_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private UpgradeRequest request;
  private Inventory inventory;
  private UpgradeSpec options;
  private KubeVersion target;
  private String from;
  private String phase = Phase.PREFLIGHT;
  private long startedAt;
  private List<PreflightFinding> findings = List.of();
  private final Map<String, NodeRow> rows = new LinkedHashMap<>();
  private final Map<String, NodeReport> finished = new LinkedHashMap<>();
  private final Map<String, NodeFailure> awaiting = new LinkedHashMap<>();
  private boolean paused;
  private String pauseReason;
  private String gate;
  private boolean gateApproved;
  private boolean approvedWorkers;
  private boolean aborted;
  private String abortReason;
  private int failedNodes;
  private int stagesStarted;

  @Override
  public UpgradeReport upgrade(UpgradeRequest req) {
    Preflight.validate(req);
    request = req;
    inventory = req.inventory();
    options = req.options() == null ? UpgradeSpec.defaults() : req.options();
    target = req.target();
    UpgradeCheckpoint cp = req.checkpoint();

    Map<String, KubeVersion> versions;
    String packageVersion;
    List<String> cordonedBefore;
    EtcdSnapshot snapshot;
    int nextStage;
    if (cp == null) {
      startedAt = Workflow.currentTimeMillis();
      setPhase(Phase.PREFLIGHT, 0, inventory.nodes().size());
      Preflight.Result pre = new Preflight(inventory, target, false, options.etcdSnapshot()).run();
      findings = pre.findings();
      from = String.valueOf(pre.from());
      pre.nodeVersions().forEach((n, v) -> rows.put(n, pendingRow(n, v.toString())));
      if (pre.blocked()) {
        setPhase(Phase.FAILED, 0, inventory.nodes().size());
        details("Preflight refused the upgrade");
        throw pre.failure(inventory.cluster());
      }
      versions = pre.nodeVersions();
      packageVersion = pre.packageVersion();
      cordonedBefore = pre.cordonedBefore();
      snapshot = null;
      nextStage = 0;
    } else {
      startedAt = cp.startedAtMillis();
      findings = cp.findings();
      from = cp.from().version();
      versions = new LinkedHashMap<>();
      cp.nodeVersions().forEach((n, v) -> versions.put(n, KubeVersion.parse(v)));
      packageVersion = cp.packageVersion();
      cordonedBefore = cp.cordonedBefore();
      snapshot = cp.snapshot();
      nextStage = cp.nextBatch();
      failedNodes = cp.failedNodes();
      approvedWorkers = cp.approvedWorkers();
      paused = cp.pauseReason() != null;
      pauseReason = cp.pauseReason();
      versions.forEach((n, v) -> rows.put(n, pendingRow(n, v.toString())));
      cp.finished().forEach(r -> { finished.put(r.node(), r); rows.put(r.node(), rowOf(r)); });
    }

    BatchPlanner.Plan plan = BatchPlanner.plan(inventory.nodes(), versions, target, options.maxUnavailable());
    for (String n : plan.alreadyAtTarget()) {
      if (!finished.containsKey(n)) {
        NodeSpec spec = inventory.node(n);
        finished.put(n, new NodeReport(n, spec.role(), target.toString(), target.toString(), NodeReport.ALREADY_AT_TARGET, null, null, null, 0, 0));
        rows.put(n, rowOf(finished.get(n)));
      }
    }
    int total = inventory.nodes().size();
    if (plan.stages().isEmpty()) {
      return finish(Phase.COMPLETED, "every node already runs " + target, snapshot);
    }

    if (snapshot == null && options.etcdSnapshot()) {
      setPhase(Phase.SNAPSHOT, finished.size(), total);
      snapshot = takeSnapshot();
    }

    for (int s = nextStage; s < plan.stages().size() && !aborted; s++) {
      BatchPlanner.Stage stage = plan.stages().get(s);
      if (stagesStarted > 0
          && HistoryBudget.continueAsNew(
              Workflow.getInfo().isContinueAsNewSuggested(), Workflow.getInfo().getHistoryLength(),
              historyThreshold(stage.nodes().size()), true)) {
        awaitResume(); // a pause is not carried over: hand over only once resumed
        if (aborted) {
          break;
        }
        Workflow.await(Workflow::isEveryHandlerFinished);
        UpgradeCheckpoint next = new UpgradeCheckpoint(
            new UpgradeCheckpoint.KubeVersionFrom(from), packageVersion, cordonedBefore, snapshot, findings,
            List.copyOf(finished.values()), s, startedAt, failedNodes, approvedWorkers, toText(versions),
            cp == null ? 1 : cp.run() + 1, paused ? pauseReason : null);
        log.info("continuing as new at stage {} (history {} events)", s, Workflow.getInfo().getHistoryLength());
        Workflow.continueAsNew(new UpgradeRequest(inventory, target, options, next));
      }
      if (stage.role() == NodeRole.WORKER) {
        boolean firstWorkerStage = s == 0 || plan.stages().get(s - 1).role() != NodeRole.WORKER;
        if (options.approval() == ApprovalGate.BEFORE_EACH_BATCH
            || (options.approval() == ApprovalGate.BEFORE_WORKERS && firstWorkerStage && !approvedWorkers)) {
          awaitApproval(options.approval() == ApprovalGate.BEFORE_WORKERS ? "before-workers" : "before batch " + (s + 1) + " " + stage.nodes());
          approvedWorkers = true;
        }
      }
      awaitResume();
      if (aborted) {
        break;
      }
      setPhase(stage.role() == NodeRole.CONTROL_PLANE ? Phase.CONTROL_PLANES : Phase.WORKERS, finished.size(), total);
      try {
        runStage(stage, versions, packageVersion, cordonedBefore);
      } catch (RuntimeException e) {
        if (NodeUpgradeWorkflowImpl.cancelled(e)) {
          // The children compensated themselves (WAIT_CANCELLATION_COMPLETED); say so in the UI, then end cancelled.
          Workflow.newDetachedCancellationScope(() -> {
            setPhase(Phase.ABORTED, doneCount(), total);
            details("**Cancelled**: nodes in flight were compensated\n\n" + headline());
          }).run();
        }
        throw e;
      }
      stagesStarted++;
      if (stage.role() == NodeRole.CONTROL_PLANE) {
        stopUnlessUpgraded(stage);
      }
      boolean more = s + 1 < plan.stages().size();
      if (more && !aborted && stage.role() == NodeRole.WORKER && !options.pauseBetweenBatches().isZero()) {
        Workflow.sleep(options.pauseBetweenBatches());
      }
    }
    if (aborted) {
      return finish(Phase.ABORTED, abortReason, snapshot);
    }
    long failed = finished.values().stream().filter(r -> isFailure(r.status())).count();
    return failed > 0
        ? finish(Phase.FAILED, failed + " node(s) failed and were skipped", snapshot)
        : finish(Phase.COMPLETED, "every node runs " + target, snapshot);
  }

  /** Events past which the run continues as new before a batch of {@code nextBatchSize} nodes. */
  protected long historyThreshold(int nextBatchSize) {
    return HistoryBudget.thresholdFor(nextBatchSize);
  }

  private EtcdSnapshot takeSnapshot() {
    NodeSpec first = inventory.firstControlPlane();
    String path = "/var/backups/bosun-etcd-" + inventory.cluster() + "-"
        + SNAPSHOT_STAMP.format(Instant.ofEpochMilli(Workflow.currentTimeMillis())) + ".db";
    details("Taking an etcd snapshot on " + first.name() + ": " + path);
    return node(BosunActivityOptions.HOST_STEP, "etcd snapshot on " + first.name() + " to " + path)
        .etcdSnapshot(HostTarget.of(inventory, first), path);
  }

  /**
   * A control plane that ended other than upgraded (skipped, rolled back, failed) stops the upgrade:
   * going on would run kubelets newer than the API server, which the version skew policy forbids.
   */
  private void stopUnlessUpgraded(BatchPlanner.Stage stage) {
    for (String n : stage.nodes()) {
      NodeReport r = finished.get(n);
      String status = r == null ? NodeReport.NOT_STARTED : r.status();
      if (!NodeReport.UPGRADED.equals(status) && !NodeReport.ALREADY_AT_TARGET.equals(status)) {
        abortAll("control plane " + n + " ended " + status + ": no further node may be upgraded past its API server");
        return;
      }
    }
  }

  private void runStage(BatchPlanner.Stage stage, Map<String, KubeVersion> versions, String packageVersion, List<String> cordonedBefore) {
    List<Promise<NodeReport>> running = new ArrayList<>();
    for (String n : stage.nodes()) {
      NodeSpec spec = inventory.node(n);
      KubeVersion nodeFrom = versions.get(n);
      NodeUpgradeInput input = new NodeUpgradeInput(
          ClusterTarget.of(inventory), HostTarget.of(inventory, spec), spec.role(), stage.applyStage(), nodeFrom, target,
          packageVersion, Preflight.repositoryBaseUrl(inventory), options.drain(), cordonedBefore.contains(n));
      NodeUpgradeWorkflow child = Workflow.newChildWorkflowStub(NodeUpgradeWorkflow.class, childOptions(n, nodeFrom));
      rows.put(n, new NodeRow(n, spec.role(), nodeFrom.toString(), target.toString(), "running", null, null, Workflow.currentTimeMillis(), 0));
      running.add(Async.function(() -> runChild(n, spec.role(), nodeFrom, child, input)));
    }
    details(headline());
    try {
      Promise.allOf(running).get();
    } catch (RuntimeException e) {
      // allOf fails as soon as one child ends cancelled or failed: the others may still be rolling their
      // node back, and the upgrade must not end (nor its report be written) before they have closed.
      awaitChildrenClosed(running);
      throw e;
    }
    for (Promise<NodeReport> p : running) {
      p.get(); // rethrows a cancellation
    }
  }

  /** Waits, beyond a cancellation, for every child of the stage to close; bounded by the operator timeout. */
  private void awaitChildrenClosed(List<Promise<NodeReport>> running) {
    if (running.stream().allMatch(Promise::isCompleted)) {
      return;
    }
    Workflow.newDetachedCancellationScope(() -> {
      // Runs that failed fast before this wait existed replay without its timer.
      if (Workflow.getVersion(WAIT_FOR_CHILDREN_CHANGE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
        return;
      }
      Duration bound = operatorTimeout();
      if (!Workflow.await(bound, () -> running.stream().allMatch(Promise::isCompleted))) {
        log.warn("node workflows still running {} after the upgrade was cancelled; ending without them", bound);
      }
    }).run();
  }

  static final String WAIT_FOR_CHILDREN_CHANGE = "wait-for-children-on-cancel";

  private Duration operatorTimeout() {
    return options.operatorTimeout() == null || options.operatorTimeout().isZero() ? Duration.ofHours(24) : options.operatorTimeout();
  }

  /** One node's child, in its own workflow thread: a child that fails outright counts as a failed node. */
  private NodeReport runChild(String n, NodeRole role, KubeVersion nodeFrom, NodeUpgradeWorkflow child, NodeUpgradeInput input) {
    NodeReport report;
    try {
      report = child.upgrade(input);
    } catch (ChildWorkflowFailure failure) {
      if (NodeUpgradeWorkflowImpl.cancelled(failure)) {
        NodeRow r = rows.get(n);
        rows.put(n, new NodeRow(n, role, nodeFrom.toString(), target.toString(), "cancelled", r == null ? null : r.step(),
            "cancelled: its node workflow compensated it before closing", r == null ? 0 : r.startedAtMillis(), Workflow.currentTimeMillis()));
        throw failure;
      }
      String error = NodeUpgradeWorkflowImpl.describe(failure.getCause() != null ? failure.getCause() : failure);
      report = new NodeReport(n, role, nodeFrom.toString(), null, NodeReport.FAILED, null, error, null, 1, 0);
      countFailure("child workflow of " + n + " failed: " + error);
    }
    finished.put(n, report);
    rows.put(n, rowOf(report));
    details(headline());
    return report;
  }

  private ChildWorkflowOptions childOptions(String n, KubeVersion nodeFrom) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.nodeUpgrade(inventory.cluster(), target, n, 1))
        .setStaticSummary("Upgrade " + n + " " + nodeFrom + " → " + target)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(BosunSearchAttributes.CLUSTER, inventory.cluster())
            .set(BosunSearchAttributes.OPERATION, Operations.NODE_UPGRADE)
            .set(BosunSearchAttributes.TARGET_VERSION, target.toString())
            .build())
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build();
  }

  // ---- node failures and operator decisions ----

  @Override
  public void nodeFailed(NodeFailure failure) {
    awaiting.put(failure.node(), failure);
    NodeRow r = rows.get(failure.node());
    if (r != null) {
      rows.put(failure.node(), new NodeRow(r.node(), r.role(), r.from(), r.to(), "awaiting-operator", failure.step(), failure.error(),
          r.startedAtMillis(), 0));
    }
    if (aborted) {
      resolve(failure.node(), NodeDecision.ABORT);
      return;
    }
    OnNodeFailure policy = options.onNodeFailure() == null ? OnNodeFailure.WAIT_FOR_OPERATOR : options.onNodeFailure();
    String what = failure.node() + " failed at " + failure.step() + ": " + failure.error();
    switch (policy) {
      case ABORT -> abortAll(what + " (onNodeFailure=abort)");
      case SKIP -> {
        if (isControlPlane(failure.node())) {
          abortAll(what + " (onNodeFailure=skip does not apply to control planes: aborting)");
        } else {
          skipNode(failure.node());
        }
      }
      case WAIT_FOR_OPERATOR -> {
        String before = phase;
        setPhase(Phase.AWAITING_OPERATOR, finished.size(), inventory.nodes().size());
        details("**Awaiting operator**: " + what + "\n\n`bosun retry " + failure.node() + "`, `bosun skip " + failure.node()
            + "` or `bosun abort`\n\n" + headline());
        Duration timeout = operatorTimeout();
        boolean answered = Workflow.await(timeout, () -> !awaiting.containsKey(failure.node()));
        if (!answered) {
          abortAll("no operator answered for " + failure.node() + " within " + timeout + " (" + what + ")");
        } else if (awaiting.isEmpty() && !aborted && Phase.AWAITING_OPERATOR.equals(phase)) {
          setPhase(before, finished.size(), inventory.nodes().size());
        }
      }
    }
  }

  private void resolve(String n, NodeDecision decision) {
    NodeFailure f = awaiting.remove(n);
    if (f == null) {
      return;
    }
    if (decision != NodeDecision.RETRY) {
      failedNodes++;
    }
    Workflow.newExternalWorkflowStub(NodeUpgradeWorkflow.class, f.childWorkflowId()).resolve(decision);
    details(headline());
  }

  private void skipNode(String n) {
    resolve(n, NodeDecision.SKIP);
    if (options.maxFailedNodes() > 0 && failedNodes >= options.maxFailedNodes() && !aborted) {
      abortAll("circuit breaker: " + failedNodes + " node(s) failed (maxFailedNodes=" + options.maxFailedNodes() + ")");
    }
  }

  private void countFailure(String what) {
    failedNodes++;
    if (aborted) {
      return;
    }
    if (options.onNodeFailure() == OnNodeFailure.ABORT) {
      abortAll(what + " (onNodeFailure=abort)");
    } else if (options.maxFailedNodes() > 0 && failedNodes >= options.maxFailedNodes()) {
      abortAll("circuit breaker: " + failedNodes + " node(s) failed (maxFailedNodes=" + options.maxFailedNodes() + ")");
    }
  }

  private void abortAll(String reason) {
    if (!aborted) {
      aborted = true;
      abortReason = reason;
      log.warn("aborting: {}", reason);
    }
    for (String n : List.copyOf(awaiting.keySet())) {
      resolve(n, NodeDecision.ABORT);
    }
  }

  // ---- operator updates ----

  @Override
  public String pause(String reason) {
    paused = true;
    pauseReason = reason;
    details("**Paused**: " + reason + "\n\n" + headline());
    return "paused: nodes in flight finish, no new node starts until resume";
  }

  @Override
  public void validatePause(String reason) {
    requireRunning("pause");
    if (paused) {
      throw new IllegalArgumentException("pause: already paused (" + pauseReason + ")");
    }
  }

  @Override
  public String resume() {
    paused = false;
    pauseReason = null;
    return "resumed";
  }

  @Override
  public void validateResume() {
    requireRunning("resume");
    if (!paused) {
      throw new IllegalArgumentException("resume: the upgrade is not paused");
    }
  }

  @Override
  public String approve(String note) {
    gateApproved = true;
    return "approved " + gate + (note == null || note.isBlank() ? "" : ": " + note);
  }

  @Override
  public void validateApprove(String note) {
    requireRunning("approve");
    if (gate == null || gateApproved) {
      throw new IllegalArgumentException("approve: no approval gate is open");
    }
  }

  @Override
  public String retry(String n) {
    NodeFailure f = awaiting.get(n);
    resolve(n, NodeDecision.RETRY);
    return "retrying " + n + " from step " + f.step() + " (attempt " + (f.attempt() + 1) + ")";
  }

  @Override
  public void validateRetry(String n) {
    requireAwaiting("retry", n);
  }

  @Override
  public String skip(String n) {
    skipNode(n);
    return "skipping " + n + ": compensating it and carrying on" + (aborted ? " (then aborting: " + abortReason + ")" : "");
  }

  @Override
  public void validateSkip(String n) {
    requireAwaiting("skip", n);
    if (isControlPlane(n)) {
      throw new IllegalArgumentException("skip: " + n + ": " + CONTROL_PLANE_SKIP_REFUSAL);
    }
  }

  static final String CONTROL_PLANE_SKIP_REFUSAL =
      "control planes cannot be skipped: the cluster would run kubelets newer than its API server; retry or abort";

  private boolean isControlPlane(String n) {
    return inventory.hasNode(n) && inventory.node(n).role() == NodeRole.CONTROL_PLANE;
  }

  @Override
  public String abort(String reason) {
    abortAll("aborted by operator" + (reason == null || reason.isBlank() ? "" : ": " + reason));
    return "aborting: in-flight nodes finish, failed nodes are compensated, no new node starts";
  }

  @Override
  public void validateAbort(String reason) {
    requireRunning("abort");
    if (aborted) {
      throw new IllegalArgumentException("abort: the upgrade is already aborting (" + abortReason + ")");
    }
  }

  private void requireRunning(String command) {
    if (Phase.COMPLETED.equals(phase) || Phase.FAILED.equals(phase) || Phase.ABORTED.equals(phase)) {
      throw new IllegalArgumentException(command + ": the upgrade has ended (" + phase + ")");
    }
  }

  private void requireAwaiting(String command, String n) {
    requireRunning(command);
    if (n == null || !inventory.hasNode(n)) {
      throw new IllegalArgumentException(command + ": no node named '" + n + "' in cluster " + inventory.cluster());
    }
    if (!awaiting.containsKey(n)) {
      NodeRow r = rows.get(n);
      throw new IllegalArgumentException(
          command + ": " + n + " is not waiting for an operator (it is " + (r == null ? "pending" : r.state()) + ")");
    }
  }

  @Override
  public UpgradeProgress progress() {
    NodeFailure first = awaiting.isEmpty() ? null : awaiting.values().iterator().next();
    return new UpgradeProgress(
        inventory == null ? null : inventory.cluster(), from, String.valueOf(target), phase, paused, pauseReason, first,
        gateApproved ? null : gate, doneCount(), rows.size(), failedNodes, List.copyOf(rows.values()), findings, startedAt);
  }

  // ---- waiting ----

  private void awaitApproval(String which) {
    gate = which;
    gateApproved = false;
    setPhase(Phase.AWAITING_APPROVAL, finished.size(), inventory.nodes().size());
    details("**Awaiting approval** (" + which + "): `bosun approve`\n\n" + headline());
    Workflow.await(() -> gateApproved || aborted);
    gate = null;
  }

  private void awaitResume() {
    if (paused && !aborted) {
      setPhase(Phase.PAUSED, finished.size(), inventory.nodes().size());
      details("**Paused**: " + pauseReason + "\n\n" + headline());
      Workflow.await(() -> !paused || aborted);
    }
  }

  // ---- the end ----

  private UpgradeReport finish(String outcome, String reason, EtcdSnapshot snapshot) {
    Workflow.await(Workflow::isEveryHandlerFinished);
    ClusterState state = kube(BosunActivityOptions.QUICK, "read node versions of " + inventory.cluster())
        .readClusterState(ClusterTarget.of(inventory));
    List<NodeReport> nodes = new ArrayList<>();
    List<String> compensations = new ArrayList<>();
    for (NodeSpec spec : inventory.nodes()) {
      NodeState s = state.node(spec.name());
      String actual = s == null ? null : s.kubeletVersion();
      NodeReport r = finished.get(spec.name());
      if (r == null) {
        NodeRow row = rows.get(spec.name());
        r = new NodeReport(spec.name(), spec.role(), row == null ? actual : row.from(), actual, NodeReport.NOT_STARTED, null, null, null, 0, 0);
      } else {
        r = new NodeReport(r.node(), r.role(), r.from(), actual, r.status(), r.failedStep(), r.error(), r.compensation(), r.attempts(), r.durationMillis());
      }
      if (r.compensation() != null) {
        compensations.add(r.node() + ": " + r.compensation());
      }
      nodes.add(r);
      rows.put(spec.name(), rowOf(r));
    }
    setPhase(outcome, doneCount(), inventory.nodes().size());
    details("**" + outcome + "**: " + reason + "\n\n" + headline());
    return new UpgradeReport(inventory.cluster(), from, target.toString(), outcome, reason, nodes, findings, snapshot, compensations,
        Workflow.currentTimeMillis() - startedAt);
  }

  // ---- presentation ----

  private void setPhase(String p, int done, int total) {
    phase = p;
    Workflow.upsertTypedSearchAttributes(
        BosunSearchAttributes.PHASE.valueSet(p),
        BosunSearchAttributes.NODES_DONE.valueSet((long) done),
        BosunSearchAttributes.NODES_TOTAL.valueSet((long) total));
  }

  private void details(String text) {
    Workflow.setCurrentDetails(NodeTable.render(text, rows.values()));
  }

  private String headline() {
    return "Upgrade " + inventory.cluster() + " " + from + " → " + target + ": " + phase + ", " + doneCount() + "/" + rows.size()
        + " nodes done" + (failedNodes > 0 ? ", " + failedNodes + " failed" : "") + (aborted ? " (aborting: " + abortReason + ")" : "");
  }

  private int doneCount() {
    return (int) finished.values().stream()
        .filter(r -> NodeReport.UPGRADED.equals(r.status()) || NodeReport.ALREADY_AT_TARGET.equals(r.status())).count();
  }

  private NodeRow pendingRow(String n, String version) {
    NodeSpec spec = inventory.node(n);
    return new NodeRow(n, spec.role(), version, target.toString(), "pending", null, null, 0, 0);
  }

  private NodeRow rowOf(NodeReport r) {
    NodeRow before = rows.get(r.node());
    String note = r.error() != null ? r.error() : r.compensation();
    return new NodeRow(r.node(), r.role(), r.from(), target.toString(), r.status(), r.failedStep(), note,
        before == null ? 0 : before.startedAtMillis(), Workflow.currentTimeMillis());
  }

  private static boolean isFailure(String status) {
    return NodeReport.FAILED.equals(status) || NodeReport.ROLLED_BACK.equals(status) || NodeReport.SKIPPED.equals(status);
  }

  private static Map<String, String> toText(Map<String, KubeVersion> versions) {
    Map<String, String> out = new LinkedHashMap<>();
    versions.forEach((n, v) -> out.put(n, v.toString()));
    return out;
  }
}
