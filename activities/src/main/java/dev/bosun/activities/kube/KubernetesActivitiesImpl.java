package dev.bosun.activities.kube;

import dev.bosun.activities.CurrentActivity;
import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.workflows.activities.ClusterState;
import dev.bosun.workflows.activities.ControlPlaneHealth;
import dev.bosun.workflows.activities.CordonResult;
import dev.bosun.workflows.activities.DrainPlan;
import dev.bosun.workflows.activities.EvictionRequest;
import dev.bosun.workflows.activities.EvictionRound;
import dev.bosun.workflows.activities.KubernetesActivities;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.activities.StaticPod;
import dev.bosun.workflows.drain.DrainRules;
import dev.bosun.workflows.drain.PodFacts;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.rules.TargetRules;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** {@link KubernetesActivities} with fabric8, polling plain GET/LIST (no watches, no informers). */
public final class KubernetesActivitiesImpl implements KubernetesActivities, AutoCloseable {

  public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
  /** Set on a node Bosun cordoned: the id of the workflow that cordoned it. */
  public static final String CORDONED_BY = "bosun.dev/cordoned-by";

  public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
  static final List<String> CONTROL_PLANE_COMPONENTS =
      List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd");
  private static final com.fasterxml.jackson.databind.ObjectMapper PATCH_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  /** A node's readiness poll: one GET per node; the wait after a kubelet restart is on every upgrade's critical path. */
  private static final Duration NODE_POLL = Duration.ofMillis(250);

  private static final int EVICTION_PARALLELISM = 8;

  private final KubeClients clients;
  private final Duration requestTimeout;
  private final ExecutorService apiCalls = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bosun-kube-call");
    t.setDaemon(true);
    return t;
  });
  private final ExecutorService evictionAttempts =
      Executors.newFixedThreadPool(EVICTION_PARALLELISM, r -> {
        Thread t = new Thread(r, "bosun-eviction");
        t.setDaemon(true);
        return t;
      });

  public KubernetesActivitiesImpl(KubeClients clients, Duration requestTimeout) {
    this.clients = clients;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public ClusterState readClusterState(ClusterTarget cluster) {
    KubernetesClient c = clients.client(cluster);
    String version = api(cluster, "GET /version", () -> c.getKubernetesVersion().getGitVersion());
    List<NodeState> nodes = api(cluster, "LIST nodes", () -> c.nodes().list().getItems()).stream()
        .map(KubernetesActivitiesImpl::nodeState)
        .toList();
    List<StaticPod> staticPods = staticPods(cluster, c, null);
    List<StaticPod> etcd =
        staticPods.stream().filter(p -> p.component().equals("etcd")).toList();
    return new ClusterState(
        version, nodes, staticPods, !etcd.isEmpty() && etcd.stream().allMatch(StaticPod::ready));
  }

  /**
   * Cordons idempotently. Bosun marks its own cordon with {@link #CORDONED_BY} = the workflow id, so a
   * retry of this activity (the PATCH went through, the answer was lost) does not mistake Bosun's cordon
   * for an operator's: a node cordoned with our own mark reports wasCordoned=false.
   */
  @Override
  public CordonResult cordon(ClusterTarget cluster, String node) {
    KubernetesClient c = client(cluster, node);
    Node n = node(cluster, c, node);
    Optional<String> owner = CurrentActivity.workflowId();
    if (unschedulable(n)) {
      String mark = annotations(n).get(CORDONED_BY);
      return new CordonResult(node, !(owner.isPresent() && owner.get().equals(mark)));
    }
    String patch = cordonPatch(true, owner.orElse(null));
    api(
        cluster,
        "PATCH node " + node,
        () -> c.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    return new CordonResult(node, false);
  }

  /** Uncordons (a no-op on a schedulable node) and removes Bosun's cordon mark. */
  @Override
  public void uncordon(ClusterTarget cluster, String node) {
    KubernetesClient c = client(cluster, node);
    Node n = node(cluster, c, node);
    if (unschedulable(n) || annotations(n).containsKey(CORDONED_BY)) {
      String patch = cordonPatch(false, null);
      api(
          cluster,
          "PATCH node " + node,
          () -> c.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }
  }

  /** A JSON merge patch setting spec.unschedulable and Bosun's mark ({@code owner} null: remove the mark). */
  static String cordonPatch(boolean unschedulable, String owner) {
    Map<String, Object> annotations = new java.util.HashMap<>();
    annotations.put(CORDONED_BY, owner); // null removes it (RFC 7386)
    Map<String, Object> patch = new java.util.LinkedHashMap<>();
    patch.put("metadata", Map.of("annotations", annotations));
    patch.put("spec", Map.of("unschedulable", unschedulable));
    try {
      return PATCH_JSON.writeValueAsString(patch);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean unschedulable(Node n) {
    return n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
  }

  private static Map<String, String> annotations(Node n) {
    return n.getMetadata() == null || n.getMetadata().getAnnotations() == null
        ? Map.of()
        : n.getMetadata().getAnnotations();
  }

  @Override
  public DrainPlan planDrain(ClusterTarget cluster, String node, DrainOptions options) {
    KubernetesClient c = client(cluster, node);
    node(cluster, c, node);
    List<PodFacts> facts =
        podsOn(cluster, c, node).stream().map(KubernetesActivitiesImpl::facts).toList();
    try {
      return DrainRules.classify(node, facts, options);
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(Failures.INVALID_INPUT, e.getMessage());
    }
  }

  @Override
  public EvictionRound evictPods(EvictionRequest request) {
    KubernetesClient c = client(request.cluster(), request.node());
    Duration budget = request.roundBudget() == null || request.roundBudget().isZero()
        ? Duration.ofMinutes(1)
        : request.roundBudget();
    EvictionRequest bounded = new EvictionRequest(
        request.cluster(), request.node(), request.options(), request.pods(), budget);
    return new EvictionRunner(
            c, new KubeHttp(c, requestTimeout), bounded, Heartbeat.current(), evictionAttempts)
        .run();
  }

  @Override
  public NodeState waitForNodeReady(
      ClusterTarget cluster, String node, KubeVersion version, Duration timeout) {
    KubernetesClient c = client(cluster, node);
    Failures.validInput(() -> TargetRules.requireVersion("version", version));
    Failures.validInput(() -> {
      TargetRules.requirePositive("timeout", timeout);
      return timeout;
    });
    Heartbeat heartbeat = Heartbeat.current();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "not seen yet";
    while (true) {
      try {
        String seen = last;
        Node n = beatingWhile(
            heartbeat, node + ": " + seen, () -> c.nodes().withName(node).get());
        if (n != null) {
          NodeState state = nodeState(n);
          if (state.ready() && version.toString().equals(state.kubeletVersion())) {
            return state;
          }
          last = describeReady(n);
        } else {
          last = "node not registered";
        }
      } catch (KubernetesClientException e) {
        last = "API error: " + e.getMessage(); // the API server itself may be restarting
      }
      heartbeat.beat(node + ": " + last);
      if (System.nanoTime() >= deadline) {
        throw Failures.nonRetryable(
            Failures.NODE_NOT_READY,
            node + " was not Ready at kubelet " + version + " within " + timeout.toSeconds()
                + "s; last seen: " + last);
      }
      sleep(NODE_POLL);
    }
  }

  /** Runs one API call off the activity thread, heartbeating every 2 s while it hangs. */
  private <T> T beatingWhile(Heartbeat heartbeat, String detail, Supplier<T> call) {
    java.util.concurrent.Future<T> f = apiCalls.submit(call::get);
    while (true) {
      try {
        return f.get(2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException stillWaiting) {
        heartbeat.beat(detail);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        f.cancel(true);
        Thread.currentThread().interrupt();
        throw Failures.retryable(Failures.KUBE_API, "interrupted while waiting for the API server");
      }
    }
  }

  @Override
  public List<PdbBlocker> findPdbBlockers(ClusterTarget cluster, List<String> nodes) {
    KubernetesClient c = client(cluster, nodes == null ? null : nodes.toArray(String[]::new));
    // One LIST of all pods rather than one per node: a 1,000-node upgrade would otherwise wait for
    // 1,000 calls.
    java.util.Set<String> wanted = new java.util.HashSet<>(nodes);
    List<Pod> pods = new ArrayList<>();
    api(cluster, "LIST pods", () -> c.pods().inAnyNamespace().list().getItems()).stream()
        .filter(
            p -> p.getSpec() != null && wanted.contains(p.getSpec().getNodeName()) && !finished(p))
        .forEach(pods::add);
    List<PdbBlocker> blockers = new ArrayList<>();
    for (PodDisruptionBudget pdb : api(
        cluster,
        "LIST poddisruptionbudgets",
        () -> c.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems())) {
      var status = pdb.getStatus();
      int allowed = status == null || status.getDisruptionsAllowed() == null
          ? 0
          : status.getDisruptionsAllowed();
      if (allowed > 0) {
        continue;
      }
      String ns = pdb.getMetadata().getNamespace();
      List<String> covered = pods.stream()
          .filter(p -> ns.equals(p.getMetadata().getNamespace())
              && LabelSelectors.matches(
                  pdb.getSpec().getSelector(), p.getMetadata().getLabels()))
          .map(p -> p.getMetadata().getName())
          .toList();
      if (!covered.isEmpty()) {
        String health = status == null
            ? "no status yet"
            : "currentHealthy " + status.getCurrentHealthy() + ", desiredHealthy "
                + status.getDesiredHealthy();
        blockers.add(new PdbBlocker(
            ns,
            pdb.getMetadata().getName(),
            allowed,
            covered,
            "allows no disruption now (" + health + ")"));
      }
    }
    return List.copyOf(blockers);
  }

  @Override
  public ControlPlaneHealth checkControlPlane(
      ClusterTarget cluster, String node, KubeVersion version) {
    KubernetesClient c = client(cluster, node);
    Failures.validInput(() -> TargetRules.requireVersion("version", version));
    List<StaticPod> pods = staticPods(cluster, c, node);
    List<String> problems = new ArrayList<>();
    for (String component : CONTROL_PLANE_COMPONENTS) {
      Optional<StaticPod> pod =
          pods.stream().filter(p -> p.component().equals(component)).findFirst();
      if (pod.isEmpty()) {
        problems.add(component + " static pod is missing on " + node);
        continue;
      }
      if (!component.equals("etcd") && !version.toString().equals(pod.get().version())) {
        problems.add(component + " runs " + pod.get().version() + ", not " + version);
      }
      if (!pod.get().ready()) {
        problems.add(component + " is not Ready");
      }
    }
    KubeHttp.Response readyz;
    try {
      readyz = new KubeHttp(c, requestTimeout).get("/readyz");
    } catch (RuntimeException e) {
      readyz = new KubeHttp.Response(0, e.getMessage());
    }
    boolean ok = readyz.code() == 200 && readyz.body().trim().equals("ok");
    if (!ok) {
      problems.add(
          "/readyz answered " + readyz.code() + ": " + Failures.lastLines(readyz.body(), 3));
    }
    return new ControlPlaneHealth(node, pods, ok, List.copyOf(problems));
  }

  private List<StaticPod> staticPods(ClusterTarget cluster, KubernetesClient c, String node) {
    return api(
            cluster,
            "LIST kube-system pods",
            () -> c.pods().inNamespace("kube-system").list().getItems())
        .stream()
        .filter(p -> p.getMetadata().getAnnotations() != null
            && p.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION))
        .filter(p -> node == null || node.equals(p.getSpec().getNodeName()))
        .map(KubernetesActivitiesImpl::staticPod)
        .toList();
  }

  static StaticPod staticPod(Pod p) {
    Map<String, String> labels =
        p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
    String nodeName = p.getSpec().getNodeName();
    String component = labels.getOrDefault(
        "component",
        nodeName != null && p.getMetadata().getName().endsWith("-" + nodeName)
            ? p.getMetadata()
                .getName()
                .substring(0, p.getMetadata().getName().length() - nodeName.length() - 1)
            : p.getMetadata().getName());
    String image = p.getSpec().getContainers().isEmpty()
        ? ""
        : p.getSpec().getContainers().get(0).getImage();
    String tag = image.lastIndexOf(':') > image.lastIndexOf('/')
        ? image.substring(image.lastIndexOf(':') + 1)
        : "";
    return new StaticPod(nodeName, component, tag, podReady(p));
  }

  private static boolean podReady(Pod p) {
    if (p.getStatus() == null
        || !"Running".equals(p.getStatus().getPhase())
        || p.getStatus().getConditions() == null) {
      return false;
    }
    return p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static NodeState nodeState(Node n) {
    boolean ready = n.getStatus() != null
        && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    String kubelet = n.getStatus() != null && n.getStatus().getNodeInfo() != null
        ? n.getStatus().getNodeInfo().getKubeletVersion()
        : null;
    boolean unschedulable =
        n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    boolean controlPlane = n.getMetadata().getLabels() != null
        && n.getMetadata().getLabels().containsKey(CONTROL_PLANE_LABEL);
    return new NodeState(n.getMetadata().getName(), kubelet, ready, unschedulable, controlPlane);
  }

  private static String describeReady(Node n) {
    NodeState s = nodeState(n);
    Optional<NodeCondition> ready = n.getStatus() == null || n.getStatus().getConditions() == null
        ? Optional.empty()
        : n.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .findFirst();
    return "Ready=" + ready.map(NodeCondition::getStatus).orElse("Unknown")
        + ready
            .map(c -> c.getReason() == null
                ? ""
                : " (" + c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage())
                    + ")")
            .orElse("")
        + ", kubelet " + s.kubeletVersion();
  }

  static PodFacts facts(Pod p) {
    OwnerReference owner = p.getMetadata().getOwnerReferences() == null
        ? null
        : p.getMetadata().getOwnerReferences().stream()
            .filter(o -> Boolean.TRUE.equals(o.getController()))
            .findFirst()
            .orElse(
                p.getMetadata().getOwnerReferences().isEmpty()
                    ? null
                    : p.getMetadata().getOwnerReferences().get(0));
    boolean mirror = p.getMetadata().getAnnotations() != null
        && p.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION);
    boolean emptyDir = p.getSpec().getVolumes() != null
        && p.getSpec().getVolumes().stream().anyMatch(v -> v.getEmptyDir() != null);
    Long grace = p.getSpec().getTerminationGracePeriodSeconds();
    return new PodFacts(
        p.getMetadata().getNamespace(),
        p.getMetadata().getName(),
        owner == null ? null : owner.getKind(),
        owner == null ? null : owner.getName(),
        mirror,
        emptyDir,
        finished(p),
        p.getMetadata().getDeletionTimestamp() != null,
        p.getMetadata().getLabels(),
        grace == null ? 30 : grace.intValue());
  }

  private static boolean finished(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private List<Pod> podsOn(ClusterTarget cluster, KubernetesClient c, String node) {
    return api(
        cluster,
        "LIST pods on " + node,
        () -> c.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems());
  }

  /** The cluster's client, after checking this activity's own input (any client of the task queue can send it). */
  private KubernetesClient client(ClusterTarget cluster, String... nodes) {
    Failures.validInput(() -> {
      TargetRules.requireNodeNames("node", nodes == null ? null : java.util.Arrays.asList(nodes));
      return nodes;
    });
    return clients.client(cluster);
  }

  private Node node(ClusterTarget cluster, KubernetesClient c, String node) {
    Node n = api(cluster, "GET node " + node, () -> c.nodes().withName(node).get());
    if (n == null) {
      throw Failures.nonRetryable(
          Failures.NODE_NOT_FOUND, cluster.cluster() + ": node " + node + " does not exist");
    }
    return n;
  }

  /** Runs one API call; client errors become retryable failures naming the call (401/403 are not retried). */
  public static <T> T api(ClusterTarget cluster, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      String message = e.getCode() > 0
          ? cluster.cluster() + ": " + what + " failed (" + e.getCode() + "): " + e.getMessage()
          // No HTTP answer at all: fabric8 only says "An error has occurred."; name the server and
          // the network's words.
          : cluster.cluster() + ": " + what + " failed: no answer from the API server at "
              + apiServer(cluster) + ": " + rootCause(e);
      if (e.getCode() == 401 || e.getCode() == 403) {
        throw Failures.nonRetryable(Failures.KUBE_API, message);
      }
      throw Failures.retryable(Failures.KUBE_API, message, e);
    }
  }

  /** Where the cluster's API server is looked for: the operator's kubeconfig, or the inventory's control plane endpoint. */
  private static String apiServer(ClusterTarget cluster) {
    if (cluster.kubeconfigPath() != null && !cluster.kubeconfigPath().isBlank()) {
      return "the server of " + cluster.kubeconfigPath();
    }
    return cluster.controlPlaneEndpoint() == null
        ? "(no controlPlaneEndpoint)"
        : KubeClients.serverUrl(cluster.controlPlaneEndpoint());
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.KUBE_API, "interrupted");
    }
  }

  @Override
  public void close() {
    evictionAttempts.shutdownNow();
    apiCalls.shutdownNow();
  }
}
