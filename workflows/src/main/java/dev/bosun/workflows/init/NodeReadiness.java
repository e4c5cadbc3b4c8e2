package dev.bosun.workflows.init;

import static dev.bosun.workflows.ActivityStubs.bootstrap;
import static dev.bosun.workflows.ActivityStubs.kube;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.InitSpec;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import java.util.List;
import java.util.Map;

/** After the joins: each node Ready at the version, each worker labelled. */
final class NodeReadiness {

  private final InitView view;
  private final NodeSteps steps;

  NodeReadiness(InitView view, NodeSteps steps) {
    this.view = view;
    this.steps = steps;
  }

  void awaitReady(ClusterTarget clusterTarget, InitSpec spec, KubeVersion version, NodeSpec n) {
    String node = n.name();
    NodeState state = steps.run(
        node,
        "wait-ready",
        InitView.JOINED,
        () -> kube(
                BosunActivityOptions.waitingFor(spec.readyTimeout(), false),
                "wait for " + node + " Ready at " + version)
            .waitForNodeReady(clusterTarget, node, version, spec.readyTimeout()));
    view.ready(
        node,
        state == null || state.kubeletVersion() == null
            ? version.toString()
            : state.kubeletVersion());
  }

  /** The worker role label; control planes carry kubeadm's own label and taint. */
  void labelWorker(HostTarget firstControlPlane, NodeSpec n) {
    String node = n.name();
    steps.run(
        node,
        "label",
        InitView.READY,
        () -> bootstrap(
                BosunActivityOptions.QUICK,
                "label " + node + " " + ClusterInitWorkflowImpl.WORKER_ROLE_LABEL)
            .labelNode(
                firstControlPlane,
                node,
                Map.of(ClusterInitWorkflowImpl.WORKER_ROLE_LABEL, ""),
                List.of()));
    view.status(node, InitView.READY, null);
  }
}
