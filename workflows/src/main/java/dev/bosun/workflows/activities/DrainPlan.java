package dev.bosun.workflows.activities;

import java.util.List;

/**
 * @param toEvict the pods the drain will evict
 * @param skipped pods left alone, each with the reason (DaemonSet-managed, mirror pod, finished, not selected)
 * @param refusals why the drain cannot proceed, grouped like kubectl and naming the override, e.g.
 *     "cannot delete Pods not managed by ReplicationController, ReplicaSet, Job, DaemonSet or StatefulSet (use force to override): default/bare"
 */
public record DrainPlan(
    String node, List<PodRef> toEvict, List<SkippedPod> skipped, List<String> refusals) {

  public boolean refused() {
    return !refusals.isEmpty();
  }

  public record SkippedPod(PodRef pod, String reason) {}
}
