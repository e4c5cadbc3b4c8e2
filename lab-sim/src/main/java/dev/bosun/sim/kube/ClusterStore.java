package dev.bosun.sim.kube;

import dev.bosun.sim.host.Version;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The objects the simulated API server serves, plus the controllers that keep them moving (kubelet status,
 * ReplicaSet and DaemonSet controllers, graceful deletion, the disruption controller). Not thread-safe:
 * callers hold the lab lock.
 */
public final class ClusterStore implements LabCluster {

  public static final String CONTROL_PLANE_LABEL = LabObjects.CONTROL_PLANE_LABEL;
  public static final String MIRROR_ANNOTATION = LabObjects.MIRROR_ANNOTATION;
  private static final String POD_SUFFIX_CHARS = "bcdfghjklmnpqrstvwxz2456789";

  private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, NodeRuntime> nodeRuntime = new HashMap<>();
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private final Map<String, Long> podReadyAt = new HashMap<>();
  private final Map<String, Long> podDeleteAt = new HashMap<>();
  private final Map<String, Deployment> deployments = new LinkedHashMap<>();
  private final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
  private final Map<String, DaemonSet> daemonSets = new LinkedHashMap<>();
  private final Map<String, PodDisruptionBudget> pdbs = new LinkedHashMap<>();
  private final Set<String> blockedPdbs = new HashSet<>();
  private final List<Eviction> evictions = new ArrayList<>();
  /** Control planes whose kubelet runs static pods, and at which version (the kubelet re-creates deleted mirror pods). */
  private final Map<String, Version> staticPods = new HashMap<>();
  private final AtomicLong resourceVersion = new AtomicLong(1000);
  private final Random random = new Random(42);
  private final long podReadyDelayMillis;
  private Version clusterVersion;

  /** What the kubelet of a node last reported, and when it will report Ready again. */
  private static final class NodeRuntime {
    Version reportedVersion;
    Version pendingVersion;
    long readyAt;
    boolean kubeletRunning = true;
    boolean neverReady;
  }

  public ClusterStore(Version clusterVersion, long podReadyDelayMillis) {
    this.clusterVersion = clusterVersion;
    this.podReadyDelayMillis = podReadyDelayMillis;
    for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      Namespace n = new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
          .withNewStatus().withPhase("Active").endStatus().build();
      stamp(n.getMetadata(), 0);
      namespaces.put(ns, n);
    }
  }

  public Version clusterVersion() {
    return clusterVersion;
  }

  public void clusterVersion(Version v) {
    this.clusterVersion = v;
    // kubeadm upgrade apply also rolls the kube-proxy DaemonSet to the new version.
    DaemonSet proxy = daemonSets.get("kube-system/kube-proxy");
    if (proxy != null) {
      proxy.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.k8s.io/kube-proxy:" + v);
      bump(proxy.getMetadata());
    }
  }

  // ---- nodes ---------------------------------------------------------------------------------

  public void addNode(String name, String address, boolean controlPlane, Version kubeletVersion, long now, long readyAt) {
    Node node = LabObjects.node(name, address, controlPlane, kubeletVersion, nodes.size());
    stamp(node.getMetadata(), now);
    node.getStatus().setConditions(LabObjects.registeringConditions(now));
    nodes.put(name, node);
    NodeRuntime rt = new NodeRuntime();
    rt.reportedVersion = kubeletVersion;
    rt.readyAt = readyAt;
    nodeRuntime.put(name, rt);
    if (controlPlane) {
      syncMirrorPods(name, kubeletVersion, now);
    }
  }

  public Node node(String name) {
    return nodes.get(name);
  }

  public List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  public void removeNode(String name) {
    nodes.remove(name);
    nodeRuntime.remove(name);
  }

  /** The kubelet restarted from a binary of {@code version}: NotReady until {@code readyAt}, then Ready at that version. */
  public void kubeletRestarted(String node, Version version, long readyAt) {
    NodeRuntime rt = nodeRuntime.get(node);
    if (rt == null) {
      return;
    }
    rt.kubeletRunning = true;
    rt.pendingVersion = version;
    rt.readyAt = readyAt;
    setReady(node, false, "KubeletNotReady", "[container runtime status check may not have completed yet, PLEG is not healthy]");
  }

  public void kubeletStopped(String node) {
    NodeRuntime rt = nodeRuntime.get(node);
    if (rt != null) {
      rt.kubeletRunning = false;
    }
  }

  public void neverReady(String node, boolean never) {
    NodeRuntime rt = nodeRuntime.get(node);
    if (rt != null) {
      rt.neverReady = never;
    }
  }

  public boolean isReady(String node) {
    Node n = nodes.get(node);
    return n != null && n.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void setReady(String node, boolean ready, String reason, String message) {
    Node n = nodes.get(node);
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
          bump(n.getMetadata());
        }
      }
    }
  }

  @Override
  public void setUnschedulable(String node, boolean unschedulable) {
    Node n = nodes.get(node);
    if (n != null) {
      n.getSpec().setUnschedulable(unschedulable ? true : null);
      bump(n.getMetadata());
    }
  }

  public static boolean isControlPlane(Node n) {
    return n.getMetadata().getLabels() != null && n.getMetadata().getLabels().containsKey(CONTROL_PLANE_LABEL);
  }

  // ---- mirror pods -------------------------------------------------------------------------------

  /** Creates or updates the mirror pods of a control plane's static pods at {@code version}. */
  public void syncMirrorPods(String node, Version version, long now) {
    staticPods.put(node, version);
    Node owner = nodes.get(node);
    for (String component : LabObjects.STATIC_PODS) {
      String image = LabObjects.staticPodImage(component, version);
      String name = component + "-" + node;
      Pod existing = pods.get(KubeObjects.key("kube-system", name));
      if (existing != null) {
        Container c = existing.getSpec().getContainers().get(0);
        if (!image.equals(c.getImage())) {
          c.setImage(image);
          existing.getMetadata().getAnnotations().put(MIRROR_ANNOTATION, LabObjects.configHash(name + image));
          existing.getMetadata().getAnnotations().put("kubernetes.io/config.hash", LabObjects.configHash(name + image));
          bump(existing.getMetadata());
        }
        continue;
      }
      Pod p = LabObjects.mirrorPod(node, owner == null ? null : owner.getMetadata().getUid(), component, version);
      addPod(p, now, now);
    }
  }

  public void removeMirrorPods(String node) {
    staticPods.remove(node);
    pods.values().removeIf(p -> node.equals(p.getSpec().getNodeName()) && isMirror(p));
  }

  public static boolean isMirror(Pod p) {
    return p.getMetadata().getAnnotations() != null && p.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION);
  }

  // ---- workloads -----------------------------------------------------------------------------------

  public Namespace namespace(String name) {
    return namespaces.get(name);
  }

  public List<Namespace> namespaces() {
    return List.copyOf(namespaces.values());
  }

  public void addNamespace(String name, long now) {
    Namespace n = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewStatus().withPhase("Active").endStatus().build();
    stamp(n.getMetadata(), now);
    namespaces.putIfAbsent(name, n);
  }

  /** A Deployment with its ReplicaSet; the controller creates the pods on the next tick. */
  public void addDeployment(String namespace, String name, int replicas, boolean emptyDir, long now) {
    addDeployment(namespace, name, replicas, emptyDir, 1, now);
  }

  @Override
  public void addDeployment(String namespace, String name, int replicas, boolean emptyDir, long graceSeconds, long now) {
    Deployment d = LabObjects.deployment(namespace, name, replicas, emptyDir, graceSeconds);
    d.setStatus(new DeploymentStatus());
    PodTemplateSpec template = d.getSpec().getTemplate();
    stamp(d.getMetadata(), now);
    d.getMetadata().setGeneration(1L);
    deployments.put(KubeObjects.key(d), d);
    String hash = Integer.toHexString(Math.abs((namespace + name).hashCode()) % 0xfffffff | 0x1000000).substring(0, 7)
        .replaceAll("[aeiou01]", "b");
    PodTemplateSpec rsTemplate = new PodTemplateSpecBuilder(template).editMetadata()
        .addToLabels("pod-template-hash", hash).endMetadata().build();
    ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName(name + "-" + hash).withNamespace(namespace)
        .withLabels(rsTemplate.getMetadata().getLabels())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment").withName(name)
            .withUid(d.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withSelector(new LabelSelectorBuilder().withMatchLabels(rsTemplate.getMetadata().getLabels()).build())
        .withTemplate(rsTemplate).endSpec().withStatus(new ReplicaSetStatus()).build();
    stamp(rs.getMetadata(), now);
    rs.getMetadata().setGeneration(1L);
    replicaSets.put(KubeObjects.key(rs), rs);
  }

  public void addDaemonSet(String namespace, String name, String image, long now) {
    DaemonSet ds = LabObjects.daemonSet(namespace, name, image);
    ds.setStatus(new DaemonSetStatus());
    stamp(ds.getMetadata(), now);
    ds.getMetadata().setGeneration(1L);
    daemonSets.put(KubeObjects.key(ds), ds);
  }

  public void addPdb(String namespace, String name, String app, IntOrString maxUnavailable, IntOrString minAvailable, long now) {
    PodDisruptionBudget pdb = LabObjects.pdb(namespace, name, app, maxUnavailable, minAvailable);
    stamp(pdb.getMetadata(), now);
    pdb.getMetadata().setGeneration(1L);
    pdbs.put(KubeObjects.key(pdb), pdb);
  }

  /** A pod no controller owns (kubectl drain refuses it without --force). */
  public Pod addBarePod(String namespace, String name, String node, long now) {
    Pod p = LabObjects.barePod(namespace, name, node);
    addPod(p, now, now + podReadyDelayMillis);
    return p;
  }

  private void addPod(Pod p, long now, long readyAt) {
    stamp(p.getMetadata(), now);
    PodSpec spec = p.getSpec();
    if (spec.getRestartPolicy() == null) {
      spec.setRestartPolicy("Always");
    }
    p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
    p.getStatus().setPhase(spec.getNodeName() == null ? "Pending" : "Running");
    p.getStatus().setConditions(new ArrayList<>(List.of(podCondition("Ready", "False", now))));
    if (spec.getNodeName() != null) {
      Node n = nodes.get(spec.getNodeName());
      if (n != null) {
        p.getStatus().setHostIP(n.getStatus().getAddresses().get(0).getAddress());
      }
      p.getStatus().setPodIP(Boolean.TRUE.equals(spec.getHostNetwork()) ? p.getStatus().getHostIP()
          : "10.244." + random.nextInt(256) + "." + (2 + random.nextInt(250)));
      p.getStatus().setStartTime(KubeObjects.timestamp(now));
    }
    pods.put(KubeObjects.key(p), p);
    podReadyAt.put(KubeObjects.key(p), readyAt);
  }

  private static PodCondition podCondition(String type, String status, long now) {
    PodCondition c = new PodCondition();
    c.setType(type);
    c.setStatus(status);
    c.setLastTransitionTime(KubeObjects.timestamp(now));
    return c;
  }

  public List<Pod> pods() {
    return List.copyOf(pods.values());
  }

  public Pod pod(String namespace, String name) {
    return pods.get(KubeObjects.key(namespace, name));
  }

  public List<Deployment> deployments() {
    return List.copyOf(deployments.values());
  }

  public List<ReplicaSet> replicaSets() {
    return List.copyOf(replicaSets.values());
  }

  public List<DaemonSet> daemonSets() {
    return List.copyOf(daemonSets.values());
  }

  public List<PodDisruptionBudget> pdbs() {
    pdbs.values().forEach(this::refreshPdb);
    return List.copyOf(pdbs.values());
  }

  public void blockPdb(String namespace, String name, boolean blocked) {
    if (blocked) {
      blockedPdbs.add(KubeObjects.key(namespace, name));
    } else {
      blockedPdbs.remove(KubeObjects.key(namespace, name));
    }
  }

  public void clearPdbBlocks() {
    blockedPdbs.clear();
  }

  private void refreshPdb(PodDisruptionBudget pdb) {
    String ns = pdb.getMetadata().getNamespace();
    List<Pod> nsPods = pods.values().stream().filter(p -> ns.equals(p.getMetadata().getNamespace())).toList();
    pdb.setStatus(Disruption.status(pdb, nsPods, this::scaleOf, blockedPdbs.contains(KubeObjects.key(pdb))));
    pdb.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder()
        .withType("DisruptionAllowed").withStatus(pdb.getStatus().getDisruptionsAllowed() > 0 ? "True" : "False")
        .withReason(pdb.getStatus().getDisruptionsAllowed() > 0 ? "SufficientPods" : "InsufficientPods")
        .withMessage("").withObservedGeneration(1L)
        .withLastTransitionTime(pdb.getMetadata().getCreationTimestamp()).build()));
  }

  private int scaleOf(Pod p) {
    var ref = KubeObjects.controller(p);
    if (ref == null) {
      return -1;
    }
    if ("ReplicaSet".equals(ref.getKind())) {
      ReplicaSet rs = replicaSets.get(KubeObjects.key(p.getMetadata().getNamespace(), ref.getName()));
      return rs == null ? 0 : rs.getSpec().getReplicas();
    }
    if ("DaemonSet".equals(ref.getKind())) {
      return nodes.size();
    }
    return 1;
  }

  // ---- deletion and eviction -------------------------------------------------------------------------

  /** Graceful deletion: sets deletionTimestamp now; the pod disappears after the grace period. */
  public Pod deletePod(String namespace, String name, Long gracePeriodSeconds, long now) {
    Pod p = pods.get(KubeObjects.key(namespace, name));
    if (p == null) {
      return null;
    }
    long grace = gracePeriodSeconds != null && gracePeriodSeconds >= 0 ? gracePeriodSeconds
        : p.getSpec().getTerminationGracePeriodSeconds() == null ? 30 : p.getSpec().getTerminationGracePeriodSeconds();
    if (grace == 0 || p.getSpec().getNodeName() == null) {
      pods.remove(KubeObjects.key(p));
      return p;
    }
    if (!KubeObjects.isTerminating(p)) {
      p.getMetadata().setDeletionTimestamp(KubeObjects.timestamp(now + grace * 1000));
      p.getMetadata().setDeletionGracePeriodSeconds(grace);
      bump(p.getMetadata());
      podDeleteAt.put(KubeObjects.key(p), now + grace * 1000);
    }
    return p;
  }

  /** The eviction subresource's decision, as the API server's eviction REST handler takes it. */
  public EvictionOutcome evict(String namespace, String name, Long gracePeriodSeconds, long now) {
    Pod p = pods.get(KubeObjects.key(namespace, name));
    if (p == null) {
      return EvictionOutcome.notFound();
    }
    if (KubeObjects.isTerminating(p)) {
      return EvictionOutcome.evicted();
    }
    List<PodDisruptionBudget> matching = pdbs.values().stream()
        .filter(b -> namespace.equals(b.getMetadata().getNamespace()))
        .filter(b -> Disruption.selects(b.getSpec().getSelector(), p.getMetadata().getLabels()))
        .toList();
    if (matching.size() > 1) {
      return EvictionOutcome.internalError("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    }
    if (matching.size() == 1) {
      PodDisruptionBudget pdb = matching.get(0);
      refreshPdb(pdb);
      var s = pdb.getStatus();
      boolean unhealthyAndBudgetMet = !KubeObjects.isReady(p) && s.getCurrentHealthy() >= s.getDesiredHealthy()
          && !blockedPdbs.contains(KubeObjects.key(pdb));
      if (!unhealthyAndBudgetMet && s.getDisruptionsAllowed() <= 0) {
        return EvictionOutcome.tooManyRequests("The disruption budget " + pdb.getMetadata().getName() + " needs "
            + s.getDesiredHealthy() + " healthy pods and has " + s.getCurrentHealthy() + " currently");
      }
    }
    Pod deleted = deletePod(namespace, name, gracePeriodSeconds, now);
    Long grace = deleted.getMetadata().getDeletionGracePeriodSeconds();
    evictions.add(new Eviction(namespace, name, p.getSpec().getNodeName(),
        matching.isEmpty() ? null : matching.get(0).getMetadata().getName(), grace == null ? 0 : grace * 1000, now));
    return EvictionOutcome.evicted();
  }

  /** Every eviction accepted so far, oldest first. */
  public List<Eviction> evictions() {
    return List.copyOf(evictions);
  }

  // ---- controllers ---------------------------------------------------------------------------------------

  /** One pass of every simulated controller and kubelet at time {@code now}. */
  public void tick(long now) {
    reportNodeStatus(now);
    pods.keySet().removeIf(k -> {
      Long at = podDeleteAt.get(k);
      if (at != null && at <= now) {
        podDeleteAt.remove(k);
        podReadyAt.remove(k);
        return true;
      }
      return false;
    });
    Map.copyOf(staticPods).forEach((node, version) -> {
      if (nodes.containsKey(node) && nodeRuntime.get(node).kubeletRunning && List.of("etcd", "kube-apiserver",
          "kube-controller-manager", "kube-scheduler").stream().anyMatch(c -> !pods.containsKey(KubeObjects.key("kube-system", c + "-" + node)))) {
        syncMirrorPods(node, version, now);
      }
    });
    replicaSets.values().forEach(rs -> reconcileReplicaSet(rs, now));
    daemonSets.values().forEach(ds -> reconcileDaemonSet(ds, now));
    schedulePending(now);
    markPodsReady(now);
    updateWorkloadStatus();
  }

  private void reportNodeStatus(long now) {
    for (var e : nodeRuntime.entrySet()) {
      NodeRuntime rt = e.getValue();
      boolean ready = rt.kubeletRunning && !rt.neverReady && now >= rt.readyAt;
      if (ready && rt.pendingVersion != null) {
        rt.reportedVersion = rt.pendingVersion;
        rt.pendingVersion = null;
        Node n = nodes.get(e.getKey());
        n.getStatus().getNodeInfo().setKubeletVersion(rt.reportedVersion.toString());
        n.getStatus().getNodeInfo().setKubeProxyVersion(rt.reportedVersion.toString());
        bump(n.getMetadata());
      }
      if (ready) {
        setReady(e.getKey(), true, "KubeletReady", "kubelet is posting ready status");
      } else if (!rt.kubeletRunning) {
        setReady(e.getKey(), false, "NodeStatusUnknown", "Kubelet stopped posting node status.");
      }
    }
  }

  private void reconcileReplicaSet(ReplicaSet rs, long now) {
    String uid = rs.getMetadata().getUid();
    long active = pods.values().stream()
        .filter(p -> uid.equals(KubeObjects.controllerUid(p)) && !KubeObjects.isTerminating(p)).count();
    for (long i = active; i < rs.getSpec().getReplicas(); i++) {
      Pod p = new PodBuilder().withMetadata(new ObjectMeta()).withSpec(new PodSpec()).build();
      p.getMetadata().setName(rs.getMetadata().getName() + "-" + suffix());
      p.getMetadata().setNamespace(rs.getMetadata().getNamespace());
      p.getMetadata().setLabels(new HashMap<>(rs.getSpec().getTemplate().getMetadata().getLabels()));
      p.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
          .withName(rs.getMetadata().getName()).withUid(uid).withController(true).withBlockOwnerDeletion(true).build()));
      PodSpec spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(rs.getSpec().getTemplate().getSpec()).build();
      spec.setNodeName(pickNode());
      p.setSpec(spec);
      addPod(p, now, now + podReadyDelayMillis);
    }
  }

  private void reconcileDaemonSet(DaemonSet ds, long now) {
    String uid = ds.getMetadata().getUid();
    Set<String> covered = new HashSet<>();
    pods.values().stream().filter(p -> uid.equals(KubeObjects.controllerUid(p)) && !KubeObjects.isTerminating(p))
        .forEach(p -> covered.add(p.getSpec().getNodeName()));
    for (Node n : nodes.values()) {
      String node = n.getMetadata().getName();
      if (covered.contains(node)) {
        continue;
      }
      Pod p = new PodBuilder().withMetadata(new ObjectMeta()).build();
      p.getMetadata().setName(ds.getMetadata().getName() + "-" + suffix());
      p.getMetadata().setNamespace(ds.getMetadata().getNamespace());
      p.getMetadata().setLabels(new HashMap<>(ds.getSpec().getTemplate().getMetadata().getLabels()));
      p.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("DaemonSet")
          .withName(ds.getMetadata().getName()).withUid(uid).withController(true).withBlockOwnerDeletion(true).build()));
      PodSpec spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(ds.getSpec().getTemplate().getSpec()).build();
      spec.setNodeName(node);
      p.setSpec(spec);
      addPod(p, now, now + podReadyDelayMillis);
    }
  }

  /** The scheduler's choice: a Ready, schedulable worker (control planes are tainted) with the fewest pods. */
  private String pickNode() {
    Map<String, Integer> load = new HashMap<>();
    pods.values().forEach(p -> {
      if (p.getSpec().getNodeName() != null) {
        load.merge(p.getSpec().getNodeName(), 1, Integer::sum);
      }
    });
    return nodes.values().stream()
        .filter(n -> !isControlPlane(n) && !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
        .filter(n -> isReady(n.getMetadata().getName()))
        .min(Comparator.comparingInt((Node n) -> load.getOrDefault(n.getMetadata().getName(), 0))
            .thenComparing(n -> n.getMetadata().getName()))
        .map(n -> n.getMetadata().getName()).orElse(null);
  }

  private void schedulePending(long now) {
    for (Pod p : pods.values()) {
      if (p.getSpec().getNodeName() == null && !KubeObjects.isTerminating(p)) {
        String node = pickNode();
        if (node == null) {
          return;
        }
        p.getSpec().setNodeName(node);
        p.getStatus().setPhase("Running");
        p.getStatus().setHostIP(nodes.get(node).getStatus().getAddresses().get(0).getAddress());
        p.getStatus().setStartTime(KubeObjects.timestamp(now));
        podReadyAt.put(KubeObjects.key(p), now + podReadyDelayMillis);
        bump(p.getMetadata());
      }
    }
  }

  private void markPodsReady(long now) {
    for (Pod p : pods.values()) {
      Long at = podReadyAt.get(KubeObjects.key(p));
      if (at != null && at <= now && p.getSpec().getNodeName() != null && !KubeObjects.isReady(p)
          && isReady(p.getSpec().getNodeName())) {
        p.getStatus().setConditions(new ArrayList<>(List.of(podCondition("Ready", "True", now),
            podCondition("ContainersReady", "True", now), podCondition("PodScheduled", "True", now))));
        bump(p.getMetadata());
      }
    }
  }

  private void updateWorkloadStatus() {
    for (ReplicaSet rs : replicaSets.values()) {
      String uid = rs.getMetadata().getUid();
      List<Pod> owned = pods.values().stream().filter(p -> uid.equals(KubeObjects.controllerUid(p))).toList();
      int ready = (int) owned.stream().filter(KubeObjects::isReady).count();
      rs.getStatus().setReplicas(owned.size());
      rs.getStatus().setReadyReplicas(ready);
      rs.getStatus().setAvailableReplicas(ready);
      rs.getStatus().setFullyLabeledReplicas(owned.size());
      rs.getStatus().setObservedGeneration(1L);
    }
    for (Deployment d : deployments.values()) {
      ReplicaSet rs = replicaSets.values().stream()
          .filter(r -> d.getMetadata().getUid().equals(KubeObjects.controllerUid(r))).findFirst().orElse(null);
      if (rs != null) {
        DeploymentStatus s = d.getStatus();
        s.setReplicas(rs.getStatus().getReplicas());
        s.setReadyReplicas(rs.getStatus().getReadyReplicas());
        s.setAvailableReplicas(rs.getStatus().getAvailableReplicas());
        s.setUpdatedReplicas(rs.getStatus().getReplicas());
        s.setUnavailableReplicas(Math.max(0, d.getSpec().getReplicas() - rs.getStatus().getAvailableReplicas()));
        s.setObservedGeneration(1L);
      }
    }
    for (DaemonSet ds : daemonSets.values()) {
      String uid = ds.getMetadata().getUid();
      List<Pod> owned = pods.values().stream().filter(p -> uid.equals(KubeObjects.controllerUid(p))).toList();
      int ready = (int) owned.stream().filter(KubeObjects::isReady).count();
      ds.getStatus().setDesiredNumberScheduled(nodes.size());
      ds.getStatus().setCurrentNumberScheduled(owned.size());
      ds.getStatus().setNumberReady(ready);
      ds.getStatus().setNumberAvailable(ready);
      ds.getStatus().setUpdatedNumberScheduled(owned.size());
      ds.getStatus().setNumberMisscheduled(0);
      ds.getStatus().setObservedGeneration(1L);
    }
  }

  // ---- bookkeeping ------------------------------------------------------------------------------------------

  private String suffix() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      b.append(POD_SUFFIX_CHARS.charAt(random.nextInt(POD_SUFFIX_CHARS.length())));
    }
    return b.toString();
  }

  private void stamp(ObjectMeta m, long now) {
    if (m.getUid() == null) {
      m.setUid(UUID.randomUUID().toString());
    }
    m.setCreationTimestamp(KubeObjects.timestamp(now));
    bump(m);
  }

  /** Gives an object a new resourceVersion, as every write to etcd does. */
  public void bump(ObjectMeta m) {
    m.setResourceVersion(Long.toString(resourceVersion.incrementAndGet()));
  }

  public String currentResourceVersion() {
    return Long.toString(resourceVersion.get());
  }

  /** Replaces a stored object (PUT/PATCH result) keeping identity fields. */
  public void replace(HasMetadata updated) {
    bump(updated.getMetadata());
    if (updated instanceof Node n) {
      nodes.put(n.getMetadata().getName(), n);
    } else if (updated instanceof Pod p) {
      pods.put(KubeObjects.key(p), p);
    } else if (updated instanceof Namespace ns) {
      namespaces.put(ns.getMetadata().getName(), ns);
    } else if (updated instanceof Deployment d) {
      deployments.put(KubeObjects.key(d), d);
    } else if (updated instanceof ReplicaSet rs) {
      replicaSets.put(KubeObjects.key(rs), rs);
    } else if (updated instanceof DaemonSet ds) {
      daemonSets.put(KubeObjects.key(ds), ds);
    } else if (updated instanceof PodDisruptionBudget pdb) {
      pdbs.put(KubeObjects.key(pdb), pdb);
    }
  }
}
