package dev.bosun.workflows.testing;

import dev.bosun.workflows.activities.ClusterState;
import dev.bosun.workflows.activities.ControlPlaneHealth;
import dev.bosun.workflows.activities.CordonResult;
import dev.bosun.workflows.activities.DrainPlan;
import dev.bosun.workflows.activities.EvictionRequest;
import dev.bosun.workflows.activities.EvictionRound;
import dev.bosun.workflows.activities.KubernetesActivities;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.KubeVersion;
import java.time.Duration;
import java.util.List;

/** The Kubernetes API of a {@link FakeLab}: a node is Ready once it has joined (or initialised). */
public class FakeLabKube implements KubernetesActivities {

  private final FakeLab lab;
  public volatile ClusterTarget lastTarget;

  public FakeLabKube(FakeLab lab) {
    this.lab = lab;
  }

  @Override
  public NodeState waitForNodeReady(
      ClusterTarget cluster, String node, KubeVersion version, Duration timeout) {
    lab.call("waitForNodeReady", node);
    lastTarget = cluster;
    if (!lab.joined.contains(node)) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          node + " has not joined", "NodeNotReady");
    }
    return new NodeState(node, version.toString(), true, false, node.startsWith("cp"));
  }

  @Override
  public ClusterState readClusterState(ClusterTarget cluster) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CordonResult cordon(ClusterTarget cluster, String node) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void uncordon(ClusterTarget cluster, String node) {
    throw new UnsupportedOperationException();
  }

  @Override
  public DrainPlan planDrain(ClusterTarget cluster, String node, DrainOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public EvictionRound evictPods(EvictionRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<PdbBlocker> findPdbBlockers(ClusterTarget cluster, List<String> nodes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ControlPlaneHealth checkControlPlane(
      ClusterTarget cluster, String node, KubeVersion version) {
    throw new UnsupportedOperationException();
  }
}
