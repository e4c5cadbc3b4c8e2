package dev.bosun.workflows.init;

import dev.bosun.workflows.model.Inventory;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The operator's side of a cluster init: what waits for an answer (a node, or a hypervisor whose inspection
 * failed), the answers (retry, skip, abort) and their validators. A validator rejects a request before it is
 * written to the history; a handler only runs on a request its validator accepted.
 */
final class InitOperator {

  enum Decision {
    RETRY,
    SKIP,
    ABORT
  }

  static final String CONTROL_PLANE_SKIP_REFUSAL =
      "a control plane cannot be skipped: the cluster would lose a member of its control plane; retry or abort";

  private record Waiting(String step, String error) {}

  private static final Logger log = Workflow.getLogger(InitOperator.class);

  private final InitView view;
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();
  private final Map<String, Decision> answers = new LinkedHashMap<>();
  private final Set<String> skipped = new LinkedHashSet<>();
  private Inventory inventory;
  private boolean aborted;
  private String abortReason;

  InitOperator(InitView view) {
    this.view = view;
  }

  void begin(Inventory inventory) {
    this.inventory = inventory;
  }

  boolean aborted() {
    return aborted;
  }

  String abortReason() {
    return abortReason;
  }

  boolean skipped(String node) {
    return skipped.contains(node);
  }

  /** The skipped nodes, in the order they were skipped. */
  List<String> skippedNodes() {
    return List.copyOf(skipped);
  }

  /** {@code subject} (a node, or a hypervisor) failed at {@code step}: waits for the operator's answer. */
  Decision await(String subject, String step, String error) {
    if (aborted) {
      return Decision.ABORT;
    }
    waiting.put(subject, new Waiting(step, error));
    boolean node = inventory.hasNode(subject);
    String choices = "`bosun retry " + subject + "`"
        + (node && !inventory.isControlPlane(subject) ? ", `bosun skip " + subject + "`" : "")
        + " or `bosun abort`";
    view.awaitingOperator("**Waiting for operator**: " + (node ? "" : "hypervisor ") + subject
        + " failed at " + step + ": " + error + "\n\n" + choices);
    log.warn("{} failed at {}: {}; waiting for the operator", subject, step, error);
    CancellationScope scope =
        CancellationScope.current(); // Workflow.await itself does not end on a cancel
    Workflow.await(() -> answers.containsKey(subject) || aborted || scope.isCancelRequested());
    waiting.remove(subject);
    if (scope.isCancelRequested()) {
      answers.remove(subject);
      throw new CanceledFailure("cancelled while " + subject + " waited for the operator");
    }
    Decision d = aborted ? Decision.ABORT : answers.remove(subject);
    answers.remove(subject);
    if (waiting.isEmpty() && !aborted) {
      view.operatorAnswered(subject + ": " + d.name().toLowerCase());
    }
    return d;
  }

  // ---- the updates and their validators ----

  String retry(String subject) {
    Waiting w = waiting.get(subject);
    answers.put(subject, Decision.RETRY);
    return "retrying " + subject + (w == null ? "" : " from step " + w.step());
  }

  void validateRetry(String subject) {
    requireWaiting("retry", subject);
  }

  String skip(String node) {
    skipped.add(node);
    answers.put(node, Decision.SKIP);
    return "skipping " + node
        + ": undoing what was done to it (kubeadm reset, its VM destroyed unless adopted) and carrying on without it";
  }

  void validateSkip(String node) {
    requireWaiting("skip", node);
    if (!inventory.hasNode(node)) {
      throw new IllegalArgumentException(
          "skip: " + node + " is a hypervisor, not a node: retry or abort");
    }
    if (inventory.isControlPlane(node)) {
      throw new IllegalArgumentException("skip: " + node + ": " + CONTROL_PLANE_SKIP_REFUSAL);
    }
  }

  String abort(String reason) {
    aborted = true;
    abortReason = "aborted by operator" + (reason == null || reason.isBlank() ? "" : ": " + reason);
    log.warn("{}", abortReason);
    return "aborting: steps in flight finish, then every step is undone in reverse order (joined nodes reset, created VMs destroyed)";
  }

  void validateAbort(String reason) {
    requireRunning("abort");
  }

  /** The progress query's answer: the first subject waiting, and its failure. */
  InitProgress progress() {
    if (waiting.isEmpty()) {
      return view.progress(null, null);
    }
    Map.Entry<String, Waiting> first = waiting.entrySet().iterator().next();
    return view.progress(
        first.getKey(), first.getValue().step() + ": " + first.getValue().error());
  }

  private void requireRunning(String command) {
    if (inventory == null || view.phase().ended()) {
      throw new IllegalArgumentException(
          command + ": the init is not running (" + view.phase().text() + ")");
    }
    if (aborted) {
      throw new IllegalArgumentException(
          command + ": the init is already aborting (" + abortReason + ")");
    }
  }

  private void requireWaiting(String command, String subject) {
    requireRunning(command);
    if (subject != null && waiting.containsKey(subject) && !answers.containsKey(subject)) {
      return;
    }
    if (subject == null || !inventory.hasNode(subject)) {
      throw new IllegalArgumentException(
          command + ": no node named '" + subject + "' is waiting in cluster " + inventory.cluster()
              + (waiting.isEmpty()
                  ? " (nothing is waiting for an operator)"
                  : " (waiting: " + String.join(", ", waiting.keySet()) + ")"));
    }
    InitNodeRow r = view.row(subject);
    throw new IllegalArgumentException(
        command + ": " + subject + " is not waiting for an operator (it is " + r.status() + ")");
  }
}
