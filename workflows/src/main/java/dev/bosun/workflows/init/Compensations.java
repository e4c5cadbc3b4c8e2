package dev.bosun.workflows.init;

import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.StepOutcome;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The init's saga: each undo is registered before the step it undoes, under a key ("destroy-vm w-1",
 * "kubeadm-reset w-1") so that a step retried by the operator never registers it twice, and so that an
 * adopted VM's undo can be taken back. Undone in reverse order: one node's (skip) or everything's (abort),
 * each in a scope a cancellation does not reach; an undo that fails is reported, and the rest still run.
 */
final class Compensations {

  private record Undo(String node, String what, Supplier<String> action) {}

  private final Map<String, Undo> undos = new LinkedHashMap<>();
  private final List<String> done = new ArrayList<>();
  private final Set<String> failedNodes = new LinkedHashSet<>();
  private boolean failed;

  static String destroyVm(String node) {
    return "destroy-vm " + node;
  }

  static String kubeadmReset(String node) {
    return "kubeadm-reset " + node;
  }

  /** Registers {@code action} under {@code key} unless it is there already; it returns one line for the report. */
  void register(String key, String node, String what, Supplier<String> action) {
    undos.putIfAbsent(key, new Undo(node, what, action));
  }

  /** Takes an undo back: the step turned out to create nothing of ours (an adopted VM). */
  void forget(String key) {
    undos.remove(key);
  }

  boolean has(String key) {
    return undos.containsKey(key);
  }

  boolean isEmpty() {
    return undos.isEmpty();
  }

  /** Undoes {@code node}'s steps, newest first; true when every undo worked. */
  boolean undoNode(String node) {
    return undo(undos.entrySet().stream()
        .filter(e -> e.getValue().node().equals(node))
        .map(Map.Entry::getKey)
        .toList());
  }

  /** Undoes every registered step, newest first; true when every undo worked. */
  boolean undoAll() {
    return undo(List.copyOf(undos.keySet()));
  }

  /** What the undos did, one line each, in the order they ran. */
  List<String> done() {
    return List.copyOf(done);
  }

  /** The nodes with an undo still registered. */
  Set<String> nodes() {
    Set<String> out = new LinkedHashSet<>();
    undos.values().forEach(u -> out.add(u.node()));
    return out;
  }

  /** The nodes one of whose undos failed. */
  Set<String> failedNodes() {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(failedNodes));
  }

  /** An activity's outcome as one line of the report. */
  static String said(StepOutcome outcome) {
    return outcome == null
        ? "done"
        : (outcome.alreadyDone() ? "already done" : "done")
            + (outcome.detail() == null ? "" : " (" + outcome.detail() + ")");
  }

  /** True once an undo has failed: something Bosun made may be left behind. */
  boolean failed() {
    return failed;
  }

  private boolean undo(List<String> keys) {
    boolean ok = true;
    for (int i = keys.size() - 1; i >= 0; i--) {
      Undo u = undos.remove(keys.get(i));
      boolean[] worked = {true};
      Workflow.newDetachedCancellationScope(() -> {
            try {
              done.add(u.what() + ": " + u.action().get());
            } catch (RuntimeException e) {
              worked[0] = false;
              failedNodes.add(u.node());
              done.add(u.what() + " FAILED: " + WorkflowFailures.describe(e));
            }
          })
          .run();
      ok &= worked[0];
    }
    failed |= !ok;
    return ok;
  }
}
