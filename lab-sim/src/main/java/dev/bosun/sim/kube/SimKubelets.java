package dev.bosun.sim.kube;

import dev.bosun.sim.host.Version;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated kubelets: the node status each one reports (whether it runs, the version it last reported, when it
 * reports Ready again after a restart) and the mirror pods of a control plane's static pods. Not thread-safe: callers hold the lab lock.
 */
final class SimKubelets {

  /** What the kubelet of a node last reported, and when it will report Ready again. */
  private static final class NodeRuntime {
    Version reportedVersion;
    Version pendingVersion;
    long readyAt;
    boolean kubeletRunning = true;
    boolean neverReady;
  }

  private final Map<String, NodeRuntime> nodeRuntime = new HashMap<>();
  /** Control planes whose kubelet runs static pods, and at which version (the kubelet re-creates deleted mirror pods). */
  private final Map<String, Version> staticPods = new HashMap<>();

  private final ClusterStore store;

  SimKubelets(ClusterStore store) {
    this.store = store;
  }

  void register(String node, Version kubeletVersion, long readyAt) {
    NodeRuntime rt = new NodeRuntime();
    rt.reportedVersion = kubeletVersion;
    rt.readyAt = readyAt;
    nodeRuntime.put(node, rt);
  }

  void remove(String node) {
    nodeRuntime.remove(node);
  }

  boolean running(String node) {
    return nodeRuntime.get(node).kubeletRunning;
  }

  /** The kubelet restarted from a binary of {@code version}: NotReady until {@code readyAt}, then Ready at that version. */
  void restarted(String node, Version version, long readyAt) {
    NodeRuntime rt = nodeRuntime.get(node);
    if (rt == null) {
      return;
    }
    rt.kubeletRunning = true;
    rt.pendingVersion = version;
    rt.readyAt = readyAt;
    setReady(
        node,
        false,
        "KubeletNotReady",
        "[container runtime status check may not have completed yet, PLEG is not healthy]");
  }

  void stopped(String node) {
    NodeRuntime rt = nodeRuntime.get(node);
    if (rt != null) {
      rt.kubeletRunning = false;
    }
  }

  void neverReady(String node, boolean never) {
    NodeRuntime rt = nodeRuntime.get(node);
    if (rt != null) {
      rt.neverReady = never;
    }
  }

  /** Every kubelet posts its node's status: Ready once its window has passed, at the version it now runs. */
  void reportNodeStatus(long now) {
    for (var e : nodeRuntime.entrySet()) {
      NodeRuntime rt = e.getValue();
      boolean ready = rt.kubeletRunning && !rt.neverReady && now >= rt.readyAt;
      if (ready && rt.pendingVersion != null) {
        rt.reportedVersion = rt.pendingVersion;
        rt.pendingVersion = null;
        Node n = store.node(e.getKey());
        n.getStatus().getNodeInfo().setKubeletVersion(rt.reportedVersion.toString());
        n.getStatus().getNodeInfo().setKubeProxyVersion(rt.reportedVersion.toString());
        store.bump(n.getMetadata());
      }
      if (ready) {
        setReady(e.getKey(), true, "KubeletReady", "kubelet is posting ready status");
      } else if (!rt.kubeletRunning) {
        setReady(e.getKey(), false, "NodeStatusUnknown", "Kubelet stopped posting node status.");
      }
    }
  }

  /** Creates or updates the mirror pods of a control plane's static pods at {@code version}. */
  void syncMirrorPods(String node, Version version, long now) {
    staticPods.put(node, version);
    Node owner = store.nodes.get(node);
    for (String component : LabObjects.STATIC_PODS) {
      String image = LabObjects.staticPodImage(component, version);
      String name = component + "-" + node;
      Pod existing = store.pods.get(KubeObjects.key("kube-system", name));
      if (existing != null) {
        Container c = existing.getSpec().getContainers().get(0);
        if (!image.equals(c.getImage())) {
          c.setImage(image);
          existing
              .getMetadata()
              .getAnnotations()
              .put(ClusterStore.MIRROR_ANNOTATION, LabObjects.configHash(name + image));
          existing
              .getMetadata()
              .getAnnotations()
              .put("kubernetes.io/config.hash", LabObjects.configHash(name + image));
          store.bump(existing.getMetadata());
        }
        continue;
      }
      Pod p = LabObjects.mirrorPod(
          node, owner == null ? null : owner.getMetadata().getUid(), component, version);
      store.addPod(p, now, now);
    }
  }

  void removeMirrorPods(String node) {
    staticPods.remove(node);
    store
        .pods
        .values()
        .removeIf(p -> node.equals(p.getSpec().getNodeName()) && ClusterStore.isMirror(p));
  }

  /** Each running kubelet of a control plane re-creates its mirror pods when one has been deleted. */
  void recreateMirrorPods(long now) {
    Map.copyOf(staticPods).forEach((node, version) -> {
      if (store.nodes.containsKey(node)
          && running(node)
          && List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler").stream()
              .anyMatch(
                  c -> !store.pods.containsKey(KubeObjects.key("kube-system", c + "-" + node)))) {
        syncMirrorPods(node, version, now);
      }
    });
  }

  private void setReady(String node, boolean ready, String reason, String message) {
    Node n = store.node(node);
    if (n == null) {
      return;
    }
    long now = System.currentTimeMillis();
    for (NodeCondition c : n.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        String status = ready ? "True" : "False";
        c.setLastHeartbeatTime(KubeObjects.timestamp(now));
        if (!status.equals(c.getStatus())) {
          c.setStatus(status);
          c.setReason(reason);
          c.setMessage(message);
          c.setLastTransitionTime(KubeObjects.timestamp(now));
          store.bump(n.getMetadata());
        }
      }
    }
  }
}
