package dev.bosun.sim.kube;

import dev.bosun.sim.host.Version;
import dev.bosun.sim.testbed.KubeControlPlane;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lab's cluster on a real control plane (the {@code real} API backend): a real kube-apiserver with its
 * controllers and scheduler, and kwok playing the kubelet for the lab's pods. Workloads, ReplicaSets, scheduling,
 * the disruption controller and the Eviction API are Kubernetes' own; what the lab's hosts do to their kubelets
 * (a restart, a new version, the neverReady fault) lab-sim writes into each node's status, as a kubelet would.
 */
public final class RealCluster implements LabCluster, AutoCloseable {

  private static final Set<String> SYSTEM_NAMESPACES =
      Set.of("default", "kube-system", "kube-public", "kube-node-lease");
  private static final String BLOCKED_ANNOTATION = "lab-sim.bosun.dev/blocked-from";

  private final KubeControlPlane controlPlane;
  private final KubernetesClient client;
  private final Duration podReadyDelay;
  private final Runnable onClose;
  private final RealKubelets kubelets;
  private Version clusterVersion;

  /**
   * Takes {@code controlPlane} for one lab: removes whatever an earlier lab left (nodes, workloads, namespaces),
   * so a shared control plane starts each lab empty. {@code onClose} runs when the lab closes (e.g. releases it).
   */
  public RealCluster(
      KubeControlPlane controlPlane,
      Version clusterVersion,
      Duration podReadyDelay,
      Runnable onClose) {
    this.controlPlane = controlPlane;
    this.clusterVersion = clusterVersion;
    this.podReadyDelay = podReadyDelay;
    this.onClose = onClose;
    Config config = Config.fromKubeconfig(controlPlane.adminKubeconfig());
    config.setRequestRetryBackoffLimit(3);
    this.client = new KubernetesClientBuilder().withConfig(config).build();
    this.kubelets = new RealKubelets(client);
    reset();
  }

  public KubernetesClient client() {
    return client;
  }

  public KubeControlPlane controlPlane() {
    return controlPlane;
  }

  /** Deletes every lab object: workloads first (so nothing re-creates pods), then pods, nodes and namespaces. */
  private void reset() {
    client
        .apps()
        .deployments()
        .inAnyNamespace()
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    client
        .apps()
        .daemonSets()
        .inAnyNamespace()
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    client
        .apps()
        .replicaSets()
        .inAnyNamespace()
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    client.policy().v1().podDisruptionBudget().inAnyNamespace().delete();
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      List<Pod> left = client.pods().inAnyNamespace().list().getItems();
      boolean controllersLeft =
          !client.apps().replicaSets().inAnyNamespace().list().getItems().isEmpty();
      if (left.isEmpty() && !controllersLeft) {
        break;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the shared control plane still has " + left.size()
            + " pods from an earlier lab after 30 s");
      }
      left.forEach(p -> client
          .pods()
          .inNamespace(p.getMetadata().getNamespace())
          .withName(p.getMetadata().getName())
          .withGracePeriod(0)
          .delete());
      sleep(100);
    }
    client.nodes().delete();
    List<String> deleted = client.namespaces().list().getItems().stream()
        .map(n -> n.getMetadata().getName())
        .filter(n -> !SYSTEM_NAMESPACES.contains(n))
        .toList();
    deleted.forEach(n -> client.namespaces().withName(n).delete());
    // a terminating namespace refuses new content ("unable to create new content in namespace
    // velero
    // because it is being terminated"): wait, bounded, for the namespace controller to finish
    long namespacesGone = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < namespacesGone
        && deleted.stream().anyMatch(n -> client.namespaces().withName(n).get() != null)) {
      sleep(100);
    }
  }

  // ---- the cluster's version
  // -------------------------------------------------------------------------------

  @Override
  public Version clusterVersion() {
    return clusterVersion;
  }

  @Override
  public void clusterVersion(Version version) {
    this.clusterVersion = version;
    // kubeadm upgrade apply rolls kube-proxy: the real DaemonSet controller replaces its pods one
    // node at a time
    var proxy = client.apps().daemonSets().inNamespace("kube-system").withName("kube-proxy");
    if (proxy.get() != null) {
      // a strategic merge patch, no resourceVersion: the DaemonSet controller's status writes
      // cannot make it conflict
      proxy.patch(
          PatchContext.of(PatchType.STRATEGIC_MERGE),
          Serialization.asJson(Map.of(
              "spec",
              Map.of(
                  "template",
                  Map.of(
                      "spec",
                      Map.of(
                          "containers",
                          List.of(Map.of(
                              "name",
                              "kube-proxy",
                              "image",
                              "registry.k8s.io/kube-proxy:" + version))))))));
    }
  }

  // ---- nodes
  // -------------------------------------------------------------------------------------------------

  @Override
  public void addNode(
      String name,
      String address,
      boolean controlPlane,
      Version kubeletVersion,
      String arch,
      long now,
      long readyAt) {
    Node node =
        LabObjects.node(name, address, controlPlane, kubeletVersion, arch, kubelets.count());
    node.getMetadata().getAnnotations().put(LabObjects.KWOK_NODE_ANNOTATION, "fake");
    var status = node.getStatus();
    node.setStatus(null);
    client.nodes().resource(node).create();
    status.setConditions(LabObjects.registeringConditions(System.currentTimeMillis()));
    kubelets.patchStatus(name, Serialization.asJson(Map.of("status", status)));
    kubelets.registered(name, readyAt);
    if (controlPlane) {
      syncMirrorPods(name, kubeletVersion, now);
    }
    tick(System.currentTimeMillis());
  }

  @Override
  public Node node(String name) {
    return client.nodes().withName(name).get();
  }

  @Override
  public void labelNode(String node, String key, String value) {
    client
        .nodes()
        .withName(node)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("labels", Map.of(key, value)))));
  }

  @Override
  public void taintNode(String node, String key, String value, String effect) {
    Node n = node(node);
    if (n != null) {
      var taints = NodeEdits.withTaint(n.getSpec().getTaints(), key, value, effect);
      client
          .nodes()
          .withName(node)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("spec", Map.of("taints", taints))));
    }
  }

  @Override
  public boolean deleteNode(String node) {
    kubelets.removeMirrorPods(node);
    kubelets.kubeletStopped(node);
    return !client.nodes().withName(node).delete().isEmpty();
  }

  @Override
  public boolean hasDaemonSet(String namespace, String name) {
    return client.apps().daemonSets().inNamespace(namespace).withName(name).get() != null;
  }

  @Override
  public List<Node> nodes() {
    return client.nodes().list().getItems();
  }

  @Override
  public boolean isReady(String node) {
    Node n = node(node);
    return n != null
        && n.getStatus() != null
        && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void setUnschedulable(String node, boolean unschedulable) {
    client
        .nodes()
        .withName(node)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"unschedulable\":" + (unschedulable ? "true" : "null") + "}}");
  }

  @Override
  public void kubeletRestarted(String node, Version version, long readyAt) {
    kubelets.kubeletRestarted(node, version, readyAt);
  }

  @Override
  public void kubeletStopped(String node) {
    kubelets.kubeletStopped(node);
  }

  @Override
  public void neverReady(String node, boolean never) {
    kubelets.neverReady(node, never);
  }

  /** The kubelets' status reports that are due, and mirror pods someone deleted (see {@link RealKubelets}). */
  @Override
  public void tick(long now) {
    kubelets.tick(now);
  }

  @Override
  public void syncMirrorPods(String node, Version version, long now) {
    kubelets.syncMirrorPods(node, version, now);
  }

  @Override
  public void removeMirrorPods(String node) {
    kubelets.removeMirrorPods(node);
  }

  // ---- workloads
  // ---------------------------------------------------------------------------------------------

  @Override
  public void addDaemonSet(String namespace, String name, String image, long now) {
    var ds = LabObjects.daemonSet(namespace, name, image);
    readyDelay(ds.getSpec().getTemplate().getMetadata());
    ensureNamespace(namespace);
    client.apps().daemonSets().inNamespace(namespace).resource(ds).create();
  }

  @Override
  public void addDeployment(
      String namespace, String name, int replicas, boolean emptyDir, long graceSeconds, long now) {
    Deployment d = LabObjects.deployment(namespace, name, replicas, emptyDir, graceSeconds);
    readyDelay(d.getSpec().getTemplate().getMetadata());
    ensureNamespace(namespace);
    client.apps().deployments().inNamespace(namespace).resource(d).create();
  }

  /** kwok's pod-ready stage reads this annotation: how long a new pod of this template takes to become Ready. */
  private void readyDelay(io.fabric8.kubernetes.api.model.ObjectMeta template) {
    if (template.getAnnotations() == null) {
      template.setAnnotations(new LinkedHashMap<>());
    }
    template
        .getAnnotations()
        .put("pod-ready.stage.kwok.x-k8s.io/delay", podReadyDelay.toMillis() + "ms");
  }

  private void ensureNamespace(String namespace) {
    if (client.namespaces().withName(namespace).get() == null) {
      client
          .namespaces()
          .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
              .withNewMetadata()
              .withName(namespace)
              .endMetadata()
              .build())
          .create();
    }
  }

  @Override
  public void addPdb(
      String namespace,
      String name,
      String app,
      IntOrString maxUnavailable,
      IntOrString minAvailable,
      long now) {
    client
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(namespace)
        .resource(LabObjects.pdb(namespace, name, app, maxUnavailable, minAvailable))
        .create();
  }

  @Override
  public Pod addBarePod(String namespace, String name, String node, long now) {
    Pod p = LabObjects.barePod(namespace, name, node);
    readyDelay(p.getMetadata());
    return client.pods().inNamespace(namespace).resource(p).create();
  }

  @Override
  public List<Pod> pods() {
    return client.pods().inAnyNamespace().list().getItems();
  }

  @Override
  public Pod pod(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  @Override
  public List<Deployment> deployments() {
    return client.apps().deployments().inAnyNamespace().list().getItems();
  }

  @Override
  public List<PodDisruptionBudget> pdbs() {
    return client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems();
  }

  @Override
  public EvictionOutcome evict(String namespace, String name, Long gracePeriodSeconds, long now) {
    try {
      // fabric8 answers a 429 with false and throws for anything else (404 included)
      boolean evicted = client.pods().inNamespace(namespace).withName(name).evict();
      return evicted ? EvictionOutcome.evicted() : EvictionOutcome.tooManyRequests(null);
    } catch (KubernetesClientException e) {
      return e.getCode() == 404
          ? EvictionOutcome.notFound()
          : EvictionOutcome.internalError(e.getMessage());
    }
  }

  @Override
  public Pod deletePod(String namespace, String name, Long gracePeriodSeconds, long now) {
    var resource = client.pods().inNamespace(namespace).withName(name);
    Pod p = resource.get();
    if (p == null) {
      return null;
    }
    (gracePeriodSeconds == null ? resource : resource.withGracePeriod(gracePeriodSeconds)).delete();
    return p;
  }

  /** The real backend keeps no eviction log (the API server's audit log would be the place); see docs/lab-sim.md. */
  @Override
  public List<Eviction> evictions() {
    throw new UnsupportedOperationException(
        "the eviction log is kept by the sim backend only (docs/lab-sim.md, fidelity table)");
  }

  // ---- faults
  // ------------------------------------------------------------------------------------------------

  /**
   * Blocks a budget for real: its spec becomes maxUnavailable 0 (the disruption controller then allows no
   * disruption, and the Eviction API answers 429); the original spec is kept in an annotation and restored.
   */
  @Override
  public void blockPdb(String namespace, String name, boolean blocked) {
    var resource =
        client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(name);
    PodDisruptionBudget pdb = resource.get();
    if (pdb == null) {
      throw new IllegalArgumentException(
          "no PodDisruptionBudget " + namespace + "/" + name + " in the lab");
    }
    Map<String, String> annotations = pdb.getMetadata().getAnnotations() == null
        ? Map.of()
        : pdb.getMetadata().getAnnotations();
    if (blocked && !annotations.containsKey(BLOCKED_ANNOTATION)) {
      String original = Serialization.asJson(pdb.getSpec());
      mergePatch(resource, Map.of(BLOCKED_ANNOTATION, original), null, 0);
    } else if (!blocked && annotations.containsKey(BLOCKED_ANNOTATION)) {
      var original = Serialization.unmarshal(
          annotations.get(BLOCKED_ANNOTATION),
          io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec.class);
      Map<String, Object> removed = new LinkedHashMap<>();
      removed.put(BLOCKED_ANNOTATION, null);
      mergePatch(
          resource,
          removed,
          value(original.getMinAvailable()),
          value(original.getMaxUnavailable()));
    }
  }

  /**
   * A JSON merge patch of a budget's annotations and both bounds (null removes one), without a resourceVersion: the
   * disruption controller rewrites the status all the time, and a locked update would conflict with it.
   */
  private static void mergePatch(
      io.fabric8.kubernetes.client.dsl.Resource<PodDisruptionBudget> resource,
      Map<String, Object> annotations,
      Object minAvailable,
      Object maxUnavailable) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("minAvailable", minAvailable);
    spec.put("maxUnavailable", maxUnavailable);
    resource.patch(
        PatchContext.of(PatchType.JSON_MERGE),
        Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations), "spec", spec)));
  }

  /** An IntOrString as JSON has it: a number, a percentage string, or null. */
  private static Object value(IntOrString v) {
    return v == null ? null : v.getIntVal() != null ? v.getIntVal() : v.getStrVal();
  }

  @Override
  public void clearPdbBlocks() {
    for (PodDisruptionBudget pdb : pdbs()) {
      if (pdb.getMetadata().getAnnotations() != null
          && pdb.getMetadata().getAnnotations().containsKey(BLOCKED_ANNOTATION)) {
        blockPdb(pdb.getMetadata().getNamespace(), pdb.getMetadata().getName(), false);
      }
    }
  }

  @Override
  public String currentResourceVersion() {
    return client
        .pods()
        .inNamespace("kube-system")
        .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
            .withLimit(1L)
            .build())
        .getMetadata()
        .getResourceVersion();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    client.close();
    onClose.run();
  }
}
