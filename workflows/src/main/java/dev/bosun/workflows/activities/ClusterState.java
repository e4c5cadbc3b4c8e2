package dev.bosun.workflows.activities;

import java.util.List;

/**
 * @param apiServerVersion the gitVersion of /version, e.g. v1.30.6
 * @param etcdHealthy every etcd static pod is Running and Ready
 */
public record ClusterState(
    String apiServerVersion,
    List<NodeState> nodes,
    List<StaticPod> staticPods,
    boolean etcdHealthy) {

  public NodeState node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
  }
}
