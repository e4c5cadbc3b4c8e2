package dev.bosun.workflows.drain;

import java.util.Map;

/**
 * What the drain rules need to know about one pod (read from the API by the activity).
 *
 * @param ownerKind the kind of the controlling owner reference (ReplicaSet, DaemonSet, Job...), null if none
 * @param mirror a static pod's mirror (annotation kubernetes.io/config.mirror)
 * @param finished phase Succeeded or Failed
 * @param deleting has a deletionTimestamp
 * @param gracePeriodSeconds the pod's terminationGracePeriodSeconds
 */
public record PodFacts(
    String namespace,
    String name,
    String ownerKind,
    String ownerName,
    boolean mirror,
    boolean usesEmptyDir,
    boolean finished,
    boolean deleting,
    Map<String, String> labels,
    int gracePeriodSeconds) {

  public PodFacts {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
