package dev.bosun.sim.kube;

import dev.bosun.sim.host.Version;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The objects the simulated API server serves. The controllers that keep them moving ({@link SimControllers}, with
 * the kubelets' node status in {@link SimKubelets}) and graceful deletion, eviction and the disruption controller
 * ({@link Evictions}) work on them; {@link NewPods} makes up a new pod's name suffix and status. Not thread-safe:
 * callers hold the lab lock.
 */
public final class ClusterStore implements LabCluster {

  public static final String CONTROL_PLANE_LABEL = LabObjects.CONTROL_PLANE_LABEL;
  public static final String MIRROR_ANNOTATION = LabObjects.MIRROR_ANNOTATION;

  final Map<String, Namespace> namespaces = new LinkedHashMap<>();
  final Map<String, Node> nodes = new LinkedHashMap<>();
  final Map<String, Pod> pods = new LinkedHashMap<>();
  final Map<String, Long> podReadyAt = new HashMap<>();
  final Map<String, Long> podDeleteAt = new HashMap<>();
  final Map<String, Deployment> deployments = new LinkedHashMap<>();
  final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
  final Map<String, DaemonSet> daemonSets = new LinkedHashMap<>();
  final Map<String, PodDisruptionBudget> pdbs = new LinkedHashMap<>();
  private final AtomicLong resourceVersion = new AtomicLong(1000);
  final NewPods newPods = new NewPods();
  final long podReadyDelayMillis;
  private Version clusterVersion;

  private final SimKubelets kubelets = new SimKubelets(this);
  private final Evictions evictions = new Evictions(this);
  private final SimControllers controllers = new SimControllers(this, kubelets);
  private final GenericObjects generic =
      new GenericObjects(() -> Long.toString(resourceVersion.incrementAndGet()));
  /** Controllers added to the lab's own (Velero's double once installed), ticked after them. */
  private final List<LongConsumer> addedControllers = new ArrayList<>();

  private String caBundle = "";

  public ClusterStore(Version clusterVersion, long podReadyDelayMillis) {
    this.clusterVersion = clusterVersion;
    this.podReadyDelayMillis = podReadyDelayMillis;
    for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      Namespace n = new NamespaceBuilder()
          .withNewMetadata()
          .withName(ns)
          .endMetadata()
          .withNewStatus()
          .withPhase("Active")
          .endStatus()
          .build();
      stamp(n.getMetadata(), 0);
      namespaces.put(ns, n);
      generic.namespaceCreated(ns, caBundle, 0);
    }
  }

  /** The kinds kept as JSON (ConfigMaps, Secrets, Services, ServiceAccounts, CRDs, Velero's resources). */
  public GenericObjects generic() {
    return generic;
  }

  /** The cluster CA (PEM) that every namespace's {@code kube-root-ca.crt} carries. */
  public void caBundle(String pem) {
    this.caBundle = pem;
    GenericObjects.Kind cm = GenericObjects.kindOf("ConfigMap");
    for (var o : generic.list(cm, null)) {
      if (o.path("metadata").path("name").asText().equals("kube-root-ca.crt")) {
        o.with("data").put("ca.crt", pem);
      }
    }
  }

  /** Adds a controller that runs on every tick after the lab's own. */
  public void addController(LongConsumer controller) {
    addedControllers.add(controller);
  }

  public Version clusterVersion() {
    return clusterVersion;
  }

  public void clusterVersion(Version v) {
    this.clusterVersion = v;
    // kubeadm upgrade apply also rolls the kube-proxy DaemonSet to the new version.
    DaemonSet proxy = daemonSets.get("kube-system/kube-proxy");
    if (proxy != null) {
      proxy
          .getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .get(0)
          .setImage("registry.k8s.io/kube-proxy:" + v);
      bump(proxy.getMetadata());
    }
  }

  // ---- nodes ---------------------------------------------------------------------------------

  public void addNode(
      String name,
      String address,
      boolean controlPlane,
      Version kubeletVersion,
      String arch,
      long now,
      long readyAt) {
    Node node = LabObjects.node(name, address, controlPlane, kubeletVersion, arch, nodes.size());
    stamp(node.getMetadata(), now);
    node.getStatus().setConditions(LabObjects.registeringConditions(now));
    nodes.put(name, node);
    kubelets.register(name, kubeletVersion, readyAt);
    if (controlPlane) {
      syncMirrorPods(name, kubeletVersion, now);
    }
  }

  public Node node(String name) {
    return nodes.get(name);
  }

  @Override
  public void labelNode(String node, String key, String value) {
    Node n = nodes.get(node);
    if (n != null) {
      n.getMetadata().getLabels().put(key, value);
      bump(n.getMetadata());
    }
  }

  @Override
  public void taintNode(String node, String key, String value, String effect) {
    Node n = nodes.get(node);
    if (n != null) {
      n.getSpec().setTaints(NodeEdits.withTaint(n.getSpec().getTaints(), key, value, effect));
      bump(n.getMetadata());
    }
  }

  @Override
  public boolean deleteNode(String node) {
    if (nodes.remove(node) == null) {
      return false;
    }
    kubelets.removeMirrorPods(node);
    kubelets.remove(node);
    return true;
  }

  @Override
  public boolean hasDaemonSet(String namespace, String name) {
    return daemonSets.containsKey(namespace + "/" + name);
  }

  public List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  public void removeNode(String name) {
    nodes.remove(name);
    kubelets.remove(name);
  }

  /** The kubelet restarted from a binary of {@code version}: NotReady until {@code readyAt}, then Ready at that version. */
  public void kubeletRestarted(String node, Version version, long readyAt) {
    kubelets.restarted(node, version, readyAt);
  }

  public void kubeletStopped(String node) {
    kubelets.stopped(node);
  }

  public void neverReady(String node, boolean never) {
    kubelets.neverReady(node, never);
  }

  public boolean isReady(String node) {
    Node n = nodes.get(node);
    return n != null
        && n.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
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
    return n.getMetadata().getLabels() != null
        && n.getMetadata().getLabels().containsKey(CONTROL_PLANE_LABEL);
  }

  // ---- mirror pods
  // -------------------------------------------------------------------------------

  /** Creates or updates the mirror pods of a control plane's static pods at {@code version}. */
  public void syncMirrorPods(String node, Version version, long now) {
    kubelets.syncMirrorPods(node, version, now);
  }

  public void removeMirrorPods(String node) {
    kubelets.removeMirrorPods(node);
  }

  public static boolean isMirror(Pod p) {
    return p.getMetadata().getAnnotations() != null
        && p.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION);
  }

  // ---- workloads
  // -----------------------------------------------------------------------------------

  public Namespace namespace(String name) {
    return namespaces.get(name);
  }

  public List<Namespace> namespaces() {
    return List.copyOf(namespaces.values());
  }

  public void addNamespace(String name, long now) {
    Namespace n = new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .withPhase("Active")
        .endStatus()
        .build();
    stamp(n.getMetadata(), now);
    if (namespaces.putIfAbsent(name, n) == null) {
      generic.namespaceCreated(name, caBundle, now);
    }
  }

  /**
   * A Deployment written through the API (a create, a restore): kept as given, with its ReplicaSet made by the
   * controller; false when one of that name exists.
   */
  public boolean addDeployment(Deployment d, long now) {
    if (deployments.containsKey(KubeObjects.key(d))) {
      return false;
    }
    d.setStatus(new DeploymentStatus());
    d.getMetadata().setUid(null);
    stamp(d.getMetadata(), now);
    d.getMetadata().setGeneration(1L);
    deployments.put(KubeObjects.key(d), d);
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    controllers.createReplicaSet(
        d, d.getMetadata().getNamespace(), d.getMetadata().getName(), replicas, now);
    return true;
  }

  /** A Deployment with its ReplicaSet; the controller creates the pods on the next tick. */
  public void addDeployment(
      String namespace, String name, int replicas, boolean emptyDir, long now) {
    addDeployment(namespace, name, replicas, emptyDir, 1, now);
  }

  @Override
  public void addDeployment(
      String namespace, String name, int replicas, boolean emptyDir, long graceSeconds, long now) {
    Deployment d = LabObjects.deployment(namespace, name, replicas, emptyDir, graceSeconds);
    d.setStatus(new DeploymentStatus());
    stamp(d.getMetadata(), now);
    d.getMetadata().setGeneration(1L);
    deployments.put(KubeObjects.key(d), d);
    controllers.createReplicaSet(d, namespace, name, replicas, now);
  }

  public void addDaemonSet(String namespace, String name, String image, long now) {
    DaemonSet ds = LabObjects.daemonSet(namespace, name, image);
    ds.setStatus(new DaemonSetStatus());
    stamp(ds.getMetadata(), now);
    ds.getMetadata().setGeneration(1L);
    daemonSets.put(KubeObjects.key(ds), ds);
  }

  public void addPdb(
      String namespace,
      String name,
      String app,
      IntOrString maxUnavailable,
      IntOrString minAvailable,
      long now) {
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

  void addPod(Pod p, long now, long readyAt) {
    stamp(p.getMetadata(), now);
    newPods.initialStatus(
        p, p.getSpec().getNodeName() == null ? null : nodes.get(p.getSpec().getNodeName()), now);
    pods.put(KubeObjects.key(p), p);
    podReadyAt.put(KubeObjects.key(p), readyAt);
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
    pdbs.values().forEach(evictions::refreshPdb);
    return List.copyOf(pdbs.values());
  }

  public void blockPdb(String namespace, String name, boolean blocked) {
    evictions.blockPdb(namespace, name, blocked);
  }

  public void clearPdbBlocks() {
    evictions.clearPdbBlocks();
  }

  // ---- deletion and eviction
  // -------------------------------------------------------------------------

  /** Graceful deletion: sets deletionTimestamp now; the pod disappears after the grace period. */
  public Pod deletePod(String namespace, String name, Long gracePeriodSeconds, long now) {
    return evictions.deletePod(namespace, name, gracePeriodSeconds, now);
  }

  /** The eviction subresource's decision, as the API server's eviction REST handler takes it. */
  public EvictionOutcome evict(String namespace, String name, Long gracePeriodSeconds, long now) {
    return evictions.evict(namespace, name, gracePeriodSeconds, now);
  }

  /** Every eviction accepted so far, oldest first. */
  public List<Eviction> evictions() {
    return evictions.evictions();
  }

  // ---- controllers
  // ---------------------------------------------------------------------------------------

  /** One pass of every simulated controller and kubelet at time {@code now}. */
  public void tick(long now) {
    controllers.tick(now);
    for (LongConsumer c : List.copyOf(addedControllers)) {
      c.accept(now);
    }
  }

  // ---- bookkeeping
  // ------------------------------------------------------------------------------------------

  void stamp(ObjectMeta m, long now) {
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
