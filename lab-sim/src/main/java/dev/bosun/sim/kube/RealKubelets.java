package dev.bosun.sim.kube;

import dev.bosun.sim.host.Version;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubelet's part that kwok does not play on the real backend: what each node's kubelet reports (NotReady after
 * a restart, Ready at the installed version when the window has passed, nothing while stopped or under the
 * neverReady fault) and a control plane's mirror pods, re-created when deleted.
 */
final class RealKubelets {

  /** What the kubelet of a node last reported, and when it reports Ready again (as in the simulation). */
  private static final class NodeRuntime {
    Version pendingVersion;
    long readyAt;
    boolean kubeletRunning = true;
    boolean neverReady;
    boolean reportedReady;
  }

  private final KubernetesClient client;
  private final Map<String, NodeRuntime> runtime = new HashMap<>();
  private final Map<String, Version> staticPods = new LinkedHashMap<>();
  private long nextMirrorCheck;

  RealKubelets(KubernetesClient client) {
    this.client = client;
  }

  int count() {
    return runtime.size();
  }

  /** A kubelet registered its node: not Ready before {@code readyAt}. */
  void registered(String node, long readyAt) {
    NodeRuntime rt = new NodeRuntime();
    rt.readyAt = readyAt;
    runtime.put(node, rt);
  }

  void kubeletRestarted(String node, Version version, long readyAt) {
    NodeRuntime rt = runtime.get(node);
    if (rt == null) {
      return;
    }
    rt.kubeletRunning = true;
    rt.pendingVersion = version;
    rt.readyAt = readyAt;
    reportReady(
        node,
        rt,
        false,
        "KubeletNotReady",
        "[container runtime status check may not have completed yet, PLEG is not healthy]");
  }

  void kubeletStopped(String node) {
    NodeRuntime rt = runtime.get(node);
    if (rt != null) {
      rt.kubeletRunning = false;
    }
  }

  void neverReady(String node, boolean never) {
    NodeRuntime rt = runtime.get(node);
    if (rt != null) {
      rt.neverReady = never;
    }
  }

  /**
   * The kubelets' status reports that are due: Ready (at the new version) once a restart's window has passed; and,
   * every 2 s, a running kubelet re-creates a control plane's mirror pod that someone deleted.
   */
  void tick(long now) {
    if (now >= nextMirrorCheck && !staticPods.isEmpty()) {
      nextMirrorCheck = now + 2_000;
      recreateMissingMirrorPods();
    }
    for (var e : runtime.entrySet()) {
      NodeRuntime rt = e.getValue();
      boolean ready = rt.kubeletRunning && !rt.neverReady && now >= rt.readyAt;
      if (ready && !rt.reportedReady) {
        reportReady(e.getKey(), rt, true, "KubeletReady", "kubelet is posting ready status");
      } else if (!rt.kubeletRunning && rt.reportedReady) {
        reportReady(
            e.getKey(), rt, false, "NodeStatusUnknown", "Kubelet stopped posting node status.");
      }
    }
  }

  private void reportReady(
      String node, NodeRuntime rt, boolean ready, String reason, String message) {
    Map<String, Object> status = new LinkedHashMap<>();
    NodeCondition c = LabObjects.condition(
        "Ready", ready ? "True" : "False", reason, message, System.currentTimeMillis());
    status.put("conditions", List.of(c));
    if (ready && rt.pendingVersion != null) {
      status.put(
          "nodeInfo",
          Map.of(
              "kubeletVersion",
              rt.pendingVersion.toString(),
              "kubeProxyVersion",
              rt.pendingVersion.toString()));
      rt.pendingVersion = null;
    }
    patchStatus(node, Serialization.asJson(Map.of("status", status)));
    rt.reportedReady = ready;
  }

  /** A strategic merge patch of the node's status: conditions merge by type, as a kubelet's updates do. */
  void patchStatus(String node, String patch) {
    client
        .nodes()
        .withName(node)
        .subresource("status")
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
  }

  /**
   * The kubelet's mirror pods for a control plane's static pods at {@code version}. The API server does not let a
   * mirror pod change, so a changed manifest gives a new mirror pod, as with a real kubelet.
   */
  void syncMirrorPods(String node, Version version, long now) {
    staticPods.put(node, version);
    Node owner = client.nodes().withName(node).get();
    for (String component : LabObjects.STATIC_PODS) {
      Pod wanted = LabObjects.mirrorPod(
          node, owner == null ? null : owner.getMetadata().getUid(), component, version);
      var resource =
          client.pods().inNamespace("kube-system").withName(wanted.getMetadata().getName());
      Pod existing = resource.get();
      if (existing != null
          && existing.getMetadata().getDeletionTimestamp() == null
          && existing
              .getSpec()
              .getContainers()
              .get(0)
              .getImage()
              .equals(wanted.getSpec().getContainers().get(0).getImage())) {
        continue;
      }
      if (existing != null) {
        resource.withGracePeriod(0).delete();
        waitGone("kube-system", wanted.getMetadata().getName());
      }
      client.pods().inNamespace("kube-system").resource(wanted).create();
    }
  }

  private void recreateMissingMirrorPods() {
    var present = client
        .pods()
        .inNamespace("kube-system")
        .withLabel("tier", "control-plane")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getMetadata().getName())
        .toList();
    Map.copyOf(staticPods).forEach((node, version) -> {
      NodeRuntime rt = runtime.get(node);
      boolean missing =
          LabObjects.STATIC_PODS.stream().anyMatch(c -> !present.contains(c + "-" + node));
      if (rt != null && rt.kubeletRunning && missing) {
        syncMirrorPods(node, version, System.currentTimeMillis());
      }
    });
  }

  void removeMirrorPods(String node) {
    staticPods.remove(node);
    for (String component : LabObjects.STATIC_PODS) {
      client
          .pods()
          .inNamespace("kube-system")
          .withName(component + "-" + node)
          .withGracePeriod(0)
          .delete();
    }
  }

  private void waitGone(String namespace, String name) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (client.pods().inNamespace(namespace).withName(name).get() != null
        && System.currentTimeMillis() < deadline) {
      RealCluster.sleep(20);
    }
  }
}
