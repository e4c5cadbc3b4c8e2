package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;
import java.util.List;

/** What Bosun does through the Kubernetes API (fabric8). */
@ActivityInterface
public interface KubernetesActivities {

  /** The API server's version, every node (kubelet version, Ready, cordoned) and the control-plane static pods. */
  @ActivityMethod
  ClusterState readClusterState(ClusterTarget cluster);

  /** Sets spec.unschedulable. Says whether the node was cordoned already (then Bosun must never uncordon it). */
  @ActivityMethod
  CordonResult cordon(ClusterTarget cluster, String node);

  /** Clears spec.unschedulable (a no-op when it is already clear). */
  @ActivityMethod
  void uncordon(ClusterTarget cluster, String node);

  /**
   * Classifies every pod on the node as kubectl drain does (DaemonSet, mirror, emptyDir, unmanaged,
   * finished, selector) and says which would be evicted, which skipped and why, and what refuses the
   * drain (naming the option that would override it). Changes nothing.
   */
  @ActivityMethod
  DrainPlan planDrain(ClusterTarget cluster, String node, DrainOptions options);

  /**
   * One bounded round of evictions through the Eviction API, concurrently, retrying 429s with backoff
   * and heartbeating the blocking PDBs and pods; waits for evicted pods to be gone. Returns at the end of
   * the round so that the workflow can show progress and enforce its own timeout.
   */
  @ActivityMethod
  EvictionRound evictPods(EvictionRequest request);

  /** Waits (heartbeating) until the node is Ready with kubeletVersion == {@code version}; fails at {@code timeout}. */
  @ActivityMethod
  NodeState waitForNodeReady(
      ClusterTarget cluster, String node, KubeVersion version, Duration timeout);

  /** PDBs that allow no disruption now and cover pods on the given nodes: drains there would block. */
  @ActivityMethod
  List<PdbBlocker> findPdbBlockers(ClusterTarget cluster, List<String> nodes);

  /** The node's static control-plane pods (versions, Ready) and the API server's /readyz. */
  @ActivityMethod
  ControlPlaneHealth checkControlPlane(ClusterTarget cluster, String node, KubeVersion version);
}
