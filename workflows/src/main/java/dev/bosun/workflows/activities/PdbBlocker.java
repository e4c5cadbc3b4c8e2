package dev.bosun.workflows.activities;

import java.util.List;

/**
 * A PodDisruptionBudget that refuses evictions, and the pods it holds.
 *
 * @param message the API server's words, e.g. "Cannot evict pod as it would violate the pod's disruption budget."
 */
public record PdbBlocker(
    String namespace, String name, int disruptionsAllowed, List<String> pods, String message) {

  @Override
  public String toString() {
    return dev.bosun.workflows.drain.DrainText.blocker(this);
  }
}
