package dev.bosun.workflows.certs;

import static dev.bosun.workflows.ActivityStubs.kube;
import static dev.bosun.workflows.ActivityStubs.node;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.activities.ControlPlaneHealth;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * One control plane's renewal, the kubeadm docs' runbook: renew, restart the static pods by moving their manifests out
 * and back, wait for the API server's health gate on that node. Compensation (moving the manifests back) is registered
 * before they move out, so a failure never leaves a control plane without its pods.
 */
final class ControlPlaneRenewal {

  /** How long the health gate waits for the restarted pods and /readyz. */
  static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(5);

  static final Duration HEALTH_POLL = Duration.ofSeconds(5);

  private final ClusterTarget cluster;
  private final HostTarget host;
  private final String name;
  private final Duration staticPodWait;

  ControlPlaneRenewal(Inventory inventory, NodeSpec cp, Duration staticPodWait) {
    this.cluster = ClusterTarget.of(inventory);
    this.host = HostTarget.of(inventory, cp);
    this.name = cp.name();
    this.staticPodWait = staticPodWait;
  }

  void run() {
    KubeVersion running = healthyVersion(); // refuse to restart a control plane already unhealthy
    Saga saga =
        new Saga(new Saga.Options.Builder().setParallelCompensation(false).build());
    try {
      node(BosunActivityOptions.HOST_STEP, "kubeadm certs renew all on " + name)
          .renewCertificates(host);
      saga.addCompensation(this::manifestsBack);
      node(BosunActivityOptions.QUICK, "move static pod manifests out on " + name)
          .moveStaticPodManifests(host, true);
      Workflow.sleep(
          staticPodWait); // the kubelet notices the manifests are gone and stops the pods
      manifestsBack();
      healthGate(running);
    } catch (RuntimeException e) {
      Workflow.newDetachedCancellationScope(saga::compensate).run();
      throw e;
    }
  }

  private void manifestsBack() {
    node(BosunActivityOptions.QUICK, "move static pod manifests back on " + name)
        .moveStaticPodManifests(host, false);
  }

  /** The version the node's static pods run (the health gate checks the same after the restart). */
  private KubeVersion healthyVersion() {
    NodeState state = kube(BosunActivityOptions.QUICK, "read cluster state for " + name)
        .readClusterState(cluster)
        .node(name);
    if (state == null || !KubeVersion.isValid(state.kubeletVersion())) {
      throw ApplicationFailure.newNonRetryableFailure(
          name + " is in the inventory but not (with a valid kubelet version) in the cluster",
          "HealthGateFailed");
    }
    KubeVersion kubelet = KubeVersion.parse(state.kubeletVersion());
    ControlPlaneHealth first = check(kubelet);
    KubeVersion version = first.staticPods().stream()
        .filter(p -> p.component().equals("kube-apiserver") && KubeVersion.isValid(p.version()))
        .map(p -> KubeVersion.parse(p.version()))
        .findFirst()
        .orElse(kubelet);
    ControlPlaneHealth health = version.equals(kubelet) ? first : check(version);
    if (!health.healthy()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "control plane on " + name + " is not healthy before the renewal, left alone: "
              + String.join("; ", health.problems()),
          "HealthGateFailed");
    }
    return version;
  }

  private void healthGate(KubeVersion version) {
    long deadline = Workflow.currentTimeMillis() + HEALTH_TIMEOUT.toMillis();
    while (true) {
      ControlPlaneHealth health = check(version);
      if (health.healthy()) {
        return;
      }
      if (Workflow.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newNonRetryableFailure(
            "control plane on " + name + " is not healthy " + HEALTH_TIMEOUT.toMinutes()
                + " minutes after its static pods restarted: "
                + String.join("; ", health.problems()),
            "HealthGateFailed");
      }
      Workflow.sleep(HEALTH_POLL);
    }
  }

  private ControlPlaneHealth check(KubeVersion version) {
    return kube(BosunActivityOptions.QUICK, "check control plane on " + name)
        .checkControlPlane(cluster, name, version);
  }
}
