package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.NodeRole;

/**
 * One node's outcome.
 *
 * @param status upgraded, already-at-target, skipped, failed, rolled-back, not-started
 * @param from kubelet version before
 * @param version kubelet version at the end (what the node really runs)
 * @param failedStep the step that failed, if any (a {@link NodeStep} label)
 * @param compensation what was undone on this node and whether it worked (null if nothing)
 */
public record NodeReport(
    String node,
    NodeRole role,
    String from,
    String version,
    String status,
    String failedStep,
    String error,
    String compensation,
    int attempts,
    long durationMillis) {

  public static final String UPGRADED = "upgraded";
  public static final String ALREADY_AT_TARGET = "already-at-target";
  public static final String SKIPPED = "skipped";
  public static final String FAILED = "failed";
  public static final String ROLLED_BACK = "rolled-back";
  public static final String NOT_STARTED = "not-started";
}
