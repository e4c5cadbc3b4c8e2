package dev.bosun.activities.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * A small in-memory Kubernetes API over real HTTP, serving the plain REST verbs Bosun uses
 * (docs/host-commands.md): nodes, pods (fieldSelector spec.nodeName), the Eviction subresource with
 * PDB enforcement (429 with the real Status body), PDBs, /version, /readyz.
 */
final class FakeApiServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, ObjectNode> nodes = new ConcurrentHashMap<>();
  final Map<String, ObjectNode> pods = new ConcurrentHashMap<>(); // ns/name
  final Map<String, ObjectNode> pdbs = new ConcurrentHashMap<>(); // ns/name
  final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
  final Map<String, String> lastBody = new ConcurrentHashMap<>(); // "METHOD path" -> body
  volatile String readyz = "ok";
  /** Status code the eviction subresource answers for every pod instead of its real behaviour (0 = real). */
  volatile int evictionOverride;
  /** Status code every node request answers instead of its real behaviour (0 = real). */
  volatile int nodesOverride;
  /** How long an evicted pod stays (terminating) before it disappears. */
  volatile long terminationMillis = 300;

  private final HttpServer server;

  FakeApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Path writeKubeconfig(Path dir) throws IOException {
    Path file = dir.resolve("admin.conf");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: %s
          name: lab1
        contexts:
        - context:
            cluster: lab1
            user: kubernetes-admin
          name: kubernetes-admin@lab1
        current-context: kubernetes-admin@lab1
        users:
        - name: kubernetes-admin
          user:
            token: s3cr3t-admin-token
        """.formatted(url()));
    return file;
  }

  /** Back to an empty cluster with default behaviour (tests share one server). */
  void reset() {
    nodes.clear();
    pods.clear();
    pdbs.clear();
    requests.clear();
    lastBody.clear();
    readyz = "ok";
    evictionOverride = 0;
    nodesOverride = 0;
    terminationMillis = 300;
  }

  long count(String prefix) {
    return requests.stream().filter(r -> r.startsWith(prefix)).count();
  }

  // ---- fixtures -------------------------------------------------------------------------------

  ObjectNode addNode(String name, boolean controlPlane, String kubelet, boolean ready) {
    ObjectNode n = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
    ObjectNode meta = n.putObject("metadata").put("name", name).put("uid", "uid-" + name);
    ObjectNode labels = meta.putObject("labels").put("kubernetes.io/hostname", name);
    if (controlPlane) {
      labels.put("node-role.kubernetes.io/control-plane", "");
    }
    n.putObject("spec");
    ObjectNode status = n.putObject("status");
    status.putObject("nodeInfo").put("kubeletVersion", kubelet);
    setReady(
        n,
        ready,
        ready ? "KubeletReady" : "KubeletNotReady",
        ready ? "kubelet is posting ready status" : "container runtime is down");
    nodes.put(name, n);
    return n;
  }

  static void setReady(ObjectNode node, boolean ready, String reason, String message) {
    ArrayNode conditions = ((ObjectNode) node.get("status")).putArray("conditions");
    conditions
        .addObject()
        .put("type", "Ready")
        .put("status", ready ? "True" : "False")
        .put("reason", reason)
        .put("message", message);
  }

  ObjectNode addPod(
      String ns, String name, String node, String ownerKind, Map<String, String> labels) {
    ObjectNode p = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = p.putObject("metadata")
        .put("name", name)
        .put("namespace", ns)
        .put("uid", "uid-" + ns + "-" + name);
    ObjectNode l = meta.putObject("labels");
    labels.forEach(l::put);
    if (ownerKind != null) {
      meta.putArray("ownerReferences")
          .addObject()
          .put("apiVersion", "apps/v1")
          .put("kind", ownerKind)
          .put("name", name.replaceAll("-[a-z0-9]+$", ""))
          .put("uid", "owner")
          .put("controller", true);
    }
    ObjectNode spec =
        p.putObject("spec").put("nodeName", node).put("terminationGracePeriodSeconds", 30);
    spec.putArray("containers")
        .addObject()
        .put("name", "main")
        .put("image", "registry.example/" + name + ":1.0");
    ObjectNode status = p.putObject("status").put("phase", "Running");
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
    pods.put(ns + "/" + name, p);
    return p;
  }

  ObjectNode addStaticPod(String component, String node, String tag, boolean ready) {
    ObjectNode p = addPod(
        "kube-system",
        component + "-" + node,
        node,
        null,
        Map.of("component", component, "tier", "control-plane"));
    ((ObjectNode) p.get("metadata"))
        .putObject("annotations")
        .put("kubernetes.io/config.mirror", "abc123");
    ((ObjectNode) p.get("metadata"))
        .putArray("ownerReferences")
        .addObject()
        .put("apiVersion", "v1")
        .put("kind", "Node")
        .put("name", node)
        .put("uid", "uid-" + node)
        .put("controller", true);
    String image = component.equals("etcd")
        ? "registry.k8s.io/etcd:" + tag
        : "registry.k8s.io/" + component + ":" + tag;
    ((ObjectNode) p.get("spec").get("containers").get(0)).put("image", image);
    ((ObjectNode) p.get("status").get("conditions").get(0)).put("status", ready ? "True" : "False");
    return p;
  }

  void addPdb(String ns, String name, Map<String, String> matchLabels, int disruptionsAllowed) {
    ObjectNode pdb =
        JSON.createObjectNode().put("apiVersion", "policy/v1").put("kind", "PodDisruptionBudget");
    pdb.putObject("metadata").put("name", name).put("namespace", ns).put("uid", "uid-pdb-" + name);
    ObjectNode ml =
        pdb.putObject("spec").put("minAvailable", 2).putObject("selector").putObject("matchLabels");
    matchLabels.forEach(ml::put);
    pdb.putObject("status")
        .put("disruptionsAllowed", disruptionsAllowed)
        .put("currentHealthy", 2)
        .put("desiredHealthy", 2)
        .put("expectedPods", 2);
    pdbs.put(ns + "/" + name, pdb);
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(method + " " + path);
    if (!body.isEmpty()) {
      lastBody.put(method + " " + path, body);
    }
    reapTerminated();
    try {
      Reply r = route(
          method,
          path,
          query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8),
          body);
      byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders()
          .add("Content-Type", r.body().startsWith("{") ? "application/json" : "text/plain");
      ex.sendResponseHeaders(r.code(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        ex.getResponseBody().write(bytes);
      }
    } finally {
      ex.close();
    }
  }

  record Reply(int code, String body) {}

  private Reply route(String method, String path, String query, String body) throws IOException {
    String[] s = path.substring(1).split("/");
    if (path.equals("/version")) {
      return ok(JSON.createObjectNode()
          .put("major", "1")
          .put("minor", "30")
          .put("gitVersion", "v1.30.6"));
    }
    if (path.equals("/readyz")) {
      return new Reply(readyz.equals("ok") ? 200 : 500, readyz);
    }
    if (path.equals("/api/v1/nodes")) {
      return list("NodeList", "v1", nodes.values().stream().toList());
    }
    if (nodesOverride != 0 && path.startsWith("/api/v1/nodes")) {
      return new Reply(
          nodesOverride, status(nodesOverride, "Injected", "injected " + nodesOverride, null));
    }
    if (s.length == 4 && path.startsWith("/api/v1/nodes/")) {
      ObjectNode n = nodes.get(s[3]);
      if (n == null) {
        return notFound("nodes", s[3]);
      }
      if (method.equals("PATCH")) {
        JsonNode patch = JSON.readTree(body);
        synchronized (n) {
          JsonNode u = patch.path("spec").path("unschedulable");
          if (u.isBoolean() && u.asBoolean()) {
            ((ObjectNode) n.get("spec")).put("unschedulable", true);
          } else if (!u.isMissingNode()) {
            ((ObjectNode) n.get("spec")).remove("unschedulable");
          }
        }
      }
      return ok(n);
    }
    if (path.equals("/api/v1/pods")) {
      String node = query.startsWith("fieldSelector=spec.nodeName=")
          ? query.substring("fieldSelector=spec.nodeName=".length()).split("&")[0]
          : null;
      return list(
          "PodList",
          "v1",
          pods.values().stream()
              .filter(p ->
                  node == null || node.equals(p.path("spec").path("nodeName").asText()))
              .toList());
    }
    if (s.length == 5 && s[4].equals("pods")) {
      return list(
          "PodList",
          "v1",
          pods.values().stream()
              .filter(p -> s[3].equals(p.path("metadata").path("namespace").asText()))
              .toList());
    }
    if (s.length >= 6 && s[4].equals("pods")) {
      String key = s[3] + "/" + s[5];
      ObjectNode pod = pods.get(key);
      if (s.length == 7 && s[6].equals("eviction") && method.equals("POST")) {
        return evict(key, pod);
      }
      if (pod == null) {
        return notFound("pods", s[5]);
      }
      if (method.equals("DELETE")) {
        pods.remove(key);
        return ok(pod);
      }
      return ok(pod);
    }
    if (path.equals("/apis/policy/v1/poddisruptionbudgets")) {
      return list("PodDisruptionBudgetList", "policy/v1", pdbs.values().stream().toList());
    }
    if (s.length >= 6 && s[5].equals("poddisruptionbudgets")) {
      if (s.length == 7) {
        ObjectNode pdb = pdbs.get(s[4] + "/" + s[6]);
        return pdb == null ? notFound("poddisruptionbudgets", s[6]) : ok(pdb);
      }
      return list(
          "PodDisruptionBudgetList",
          "policy/v1",
          pdbs.values().stream()
              .filter(p -> s[4].equals(p.path("metadata").path("namespace").asText()))
              .toList());
    }
    return notFound("path", path);
  }

  private Reply evict(String key, ObjectNode pod) {
    if (evictionOverride != 0) {
      return new Reply(
          evictionOverride,
          status(
              evictionOverride, "MethodNotAllowed", "the server does not allow this method", null));
    }
    if (pod == null) {
      return notFound("pods", key.substring(key.indexOf('/') + 1));
    }
    String ns = pod.path("metadata").path("namespace").asText();
    for (ObjectNode pdb : pdbs.values()) {
      if (!ns.equals(pdb.path("metadata").path("namespace").asText())) {
        continue;
      }
      boolean matches = true;
      var it = pdb.path("spec").path("selector").path("matchLabels").fields();
      while (it.hasNext()) {
        var e = it.next();
        matches &= e.getValue()
            .asText()
            .equals(pod.path("metadata").path("labels").path(e.getKey()).asText(null));
      }
      if (matches && pdb.path("status").path("disruptionsAllowed").asInt() == 0) {
        return new Reply(
            429,
            status(
                429,
                "TooManyRequests",
                "Cannot evict pod as it would violate the pod's disruption budget.",
                "The disruption budget " + pdb.path("metadata").path("name").asText()
                    + " needs 2 healthy pods and has 2 currently"));
      }
    }
    ((ObjectNode) pod.get("metadata"))
        .put("deletionTimestamp", java.time.Instant.now().toString())
        .put("deletionMillis", System.currentTimeMillis() + terminationMillis);
    return new Reply(201, status(201, "", "", null).replace("\"Failure\"", "\"Success\""));
  }

  private void reapTerminated() {
    long now = System.currentTimeMillis();
    pods.entrySet()
        .removeIf(e -> e.getValue().path("metadata").has("deletionMillis")
            && e.getValue().path("metadata").path("deletionMillis").asLong() <= now);
  }

  private static String status(int code, String reason, String message, String cause) {
    ObjectNode st = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    st.putObject("metadata");
    st.put("status", "Failure").put("message", message).put("reason", reason);
    if (cause != null) {
      st.putObject("details")
          .putArray("causes")
          .addObject()
          .put("reason", "DisruptionBudget")
          .put("message", cause);
    }
    st.put("code", code);
    return st.toString();
  }

  private static Reply notFound(String kind, String name) {
    ObjectNode st = JSON.createObjectNode()
        .put("kind", "Status")
        .put("apiVersion", "v1")
        .put("status", "Failure")
        .put("message", kind + " \"" + name + "\" not found")
        .put("reason", "NotFound")
        .put("code", 404);
    st.putObject("details").put("name", name).put("kind", kind);
    return new Reply(404, st.toString());
  }

  private static Reply ok(JsonNode node) {
    return new Reply(200, node.toString());
  }

  private static Reply list(String kind, String apiVersion, List<ObjectNode> items) {
    ObjectNode l = JSON.createObjectNode().put("kind", kind).put("apiVersion", apiVersion);
    l.putObject("metadata").put("resourceVersion", "1");
    ArrayNode arr = l.putArray("items");
    items.forEach(arr::add);
    return new Reply(200, l.toString());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
