package dev.bosun.workflows.upgrade;

import java.util.List;

/**
 * A minor-version chain in the progress query: its hops, those that ended, and the running one.
 *
 * @param current the running hop (1-based), 0 while none runs (planning, between hops, ended)
 * @param currentWorkflowId the running hop's RollingUpgrade, where its nodes and the operator's commands are
 */
public record ChainProgress(
    List<HopPlan> hops, List<HopReport> finished, int current, String currentWorkflowId) {

  /** "hop 2 of 2: v1.31.9 → v1.32.4", or null while no hop runs. */
  public String currentTitle() {
    return current == 0 ? null : hops.get(current - 1).title(hops.size());
  }
}
