package dev.bosun.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.bosun.sim.LabState;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.EvictionOutcome;
import dev.bosun.sim.kube.KubeObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLParameters;

/**
 * A Kubernetes API server over the lab's state, enough for fabric8 and kubectl get/cordon/drain: discovery,
 * nodes, pods (with the eviction subresource), namespaces, Deployments/ReplicaSets/DaemonSets and
 * PodDisruptionBudgets; GET/LIST (label and field selectors), PATCH (json, merge, strategic-merge), PUT and DELETE.
 * mTLS like a kubeadm API server; no watch (Bosun polls).
 */
public final class ApiServer implements AutoCloseable {

  /** One served resource type. */
  private record Resource(String group, String plural, String singular, String kind, boolean namespaced, Class<? extends HasMetadata> type,
      Function<ClusterStore, List<? extends HasMetadata>> list, String shortName) {

    String apiVersion() {
      return group.isEmpty() ? "v1" : group + "/v1";
    }
  }

  private static final List<Resource> RESOURCES = List.of(
      new Resource("", "nodes", "node", "Node", false, Node.class, ClusterStore::nodes, "no"),
      new Resource("", "namespaces", "namespace", "Namespace", false, Namespace.class, ClusterStore::namespaces, "ns"),
      new Resource("", "pods", "pod", "Pod", true, Pod.class, ClusterStore::pods, "po"),
      new Resource("apps", "deployments", "deployment", "Deployment", true, Deployment.class, ClusterStore::deployments, "deploy"),
      new Resource("apps", "replicasets", "replicaset", "ReplicaSet", true, ReplicaSet.class, ClusterStore::replicaSets, "rs"),
      new Resource("apps", "daemonsets", "daemonset", "DaemonSet", true, DaemonSet.class, ClusterStore::daemonSets, "ds"),
      new Resource("policy", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, PodDisruptionBudget.class,
          ClusterStore::pdbs, "pdb"));

  static {
    // A real API server (Go's net/http) disables Nagle on every connection; the JDK's HttpServer does not
    // unless asked, and then each response waits ~40 ms for the client's delayed ACK. Read once, when the
    // JDK's server classes load, so it is set here, before the first HttpsServer.create.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpsServer server;
  private final ExecutorService executor;
  private final LabState state;
  private final LabPki pki;
  private final ObjectMapper json = new ObjectMapper()
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ApiServer(HttpsServer server, ExecutorService executor, LabState state, LabPki pki) {
    this.server = server;
    this.executor = executor;
    this.state = state;
    this.pki = pki;
  }

  public static ApiServer start(LabState state, Path workDir) throws IOException {
    try {
      LabPki pki = new LabPki();
      HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      var ctx = pki.serverContext();
      server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = ctx.getDefaultSSLParameters();
          p.setNeedClientAuth(true);
          params.setSSLParameters(p);
        }
      });
      // One thread per open connection, not a fixed few: the JDK's HTTPS server reads the next request of a
      // kept-alive connection on an executor thread and blocks there until the client sends it or the idle
      // timeout (30 s) closes it, so a handful of idle kubectl connections starved every other client.
      ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lab-sim-api");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      ApiServer api = new ApiServer(server, executor, state, pki);
      server.createContext("/", api::handle);
      server.start();
      return api;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for the lab API server", e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The admin kubeconfig a kubeadm control plane keeps in /etc/kubernetes/admin.conf. */
  public String adminKubeconfig() {
    return "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: " + LabPki.b64(LabPki.certPem(pki.ca)) + "\n"
        + "    server: https://127.0.0.1:" + port() + "\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n"
        + "    user: kubernetes-admin\n  name: kubernetes-admin@kubernetes\ncurrent-context: kubernetes-admin@kubernetes\n"
        + "kind: Config\npreferences: {}\nusers:\n- name: kubernetes-admin\n  user:\n"
        + "    client-certificate-data: " + LabPki.b64(LabPki.certPem(pki.admin)) + "\n"
        + "    client-key-data: " + LabPki.b64(LabPki.rsaKeyPem(pki.adminKey)) + "\n";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- request handling ----------------------------------------------------------------------------------

  private record Reply(int code, Object body) {}

  private void handle(HttpExchange ex) throws IOException {
    Reply reply;
    try {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      synchronized (state.lock()) {
        state.simStore().tick(state.now());
        reply = route(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), query(ex.getRequestURI().getRawQuery()),
            ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Accept"), body);
      }
    } catch (RuntimeException e) {
      reply = status(500, "InternalError", e.toString(), null, null);
    }
    byte[] out = reply.body() instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(reply.body());
    ex.getResponseHeaders().set("Content-Type", reply.body() instanceof String ? "text/plain; charset=utf-8" : "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
    ex.sendResponseHeaders(reply.code(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      ex.getResponseBody().write(out);
    }
    ex.close();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
        q.put(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  private Reply route(String method, String path, Map<String, String> q, String contentType, String accept, byte[] body) {
    switch (path) {
      case "/version", "/version/" -> {
        return new Reply(200, version());
      }
      case "/readyz", "/livez", "/healthz" -> {
        return new Reply(200, "ok");
      }
      case "/api", "/api/" -> {
        return new Reply(200, Map.of("kind", "APIVersions", "versions", List.of("v1"),
            "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1:" + port()))));
      }
      case "/apis", "/apis/" -> {
        List<Object> groups = new ArrayList<>();
        for (String g : List.of("apps", "policy")) {
          groups.add(group(g));
        }
        return new Reply(200, Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
      }
      case "/api/v1" -> {
        return new Reply(200, resourceList(""));
      }
      case "/apis/apps/v1" -> {
        return new Reply(200, resourceList("apps"));
      }
      case "/apis/policy/v1" -> {
        return new Reply(200, resourceList("policy"));
      }
      case "/apis/apps" -> {
        return new Reply(200, group("apps"));
      }
      case "/apis/policy" -> {
        return new Reply(200, group("policy"));
      }
      default -> {
        // resources below
      }
    }
    String group;
    String rest;
    if (path.startsWith("/api/v1/")) {
      group = "";
      rest = path.substring("/api/v1/".length());
    } else if (path.startsWith("/apis/apps/v1/") || path.startsWith("/apis/policy/v1/")) {
      group = path.split("/")[2];
      rest = path.substring(("/apis/" + group + "/v1/").length());
    } else {
      return status(404, "NotFound", "the server could not find the requested resource", null, null);
    }
    String[] seg = rest.split("/");
    String ns = null;
    int i = 0;
    if (seg.length >= 3 && seg[0].equals("namespaces")) {
      ns = seg[1];
      i = 2;
    }
    String plural = seg[i];
    String name = seg.length > i + 1 ? seg[i + 1] : null;
    String sub = seg.length > i + 2 ? seg[i + 2] : null;
    Resource r = RESOURCES.stream().filter(x -> x.group().equals(group) && x.plural().equals(plural)).findFirst().orElse(null);
    if (r == null || (ns != null && !r.namespaced())) {
      return status(404, "NotFound", "the server could not find the requested resource", null, null);
    }
    if ("true".equals(q.get("watch"))) {
      return status(405, "MethodNotAllowed", "watch is not served by lab-sim; poll with GET instead", null, null);
    }
    if (name == null) {
      if (!method.equals("GET")) {
        return status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null, null);
      }
      return new Reply(200, Tables.wanted(accept) ? Tables.table(r.plural(), selected(r, ns, q), state.simStore().currentResourceVersion(),
          state.now()) : list(r, ns, q));
    }
    HasMetadata obj = find(r, ns, name);
    if (sub != null) {
      if (r.plural().equals("pods") && sub.equals("eviction") && method.equals("POST")) {
        return evict(ns, name, body);
      }
      return status(404, "NotFound", "the server could not find the requested resource", null, null);
    }
    if (obj == null) {
      return status(404, "NotFound", r.plural() + (r.group().isEmpty() ? "" : "." + r.group()) + " \"" + name + "\" not found", name, r.plural());
    }
    return switch (method) {
      case "GET" -> new Reply(200, Tables.wanted(accept)
          ? Tables.table(r.plural(), List.of(obj), state.simStore().currentResourceVersion(), state.now()) : obj);
      case "PATCH" -> patch(r, obj, contentType, body);
      case "PUT" -> put(r, obj, body);
      case "DELETE" -> delete(r, obj, q, body);
      default -> status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null, null);
    };
  }

  private Map<String, Object> version() {
    var v = state.simStore().clusterVersion();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("major", Integer.toString(v.major()));
    m.put("minor", Integer.toString(v.minor()));
    m.put("gitVersion", v.toString());
    m.put("gitCommit", "0000000000000000000000000000000000000000");
    m.put("gitTreeState", "clean");
    m.put("buildDate", "2024-10-22T20:33:31Z");
    m.put("goVersion", "go1.22.8");
    m.put("compiler", "gc");
    m.put("platform", "linux/amd64");
    return m;
  }

  private static Map<String, Object> group(String g) {
    Map<String, String> gv = Map.of("groupVersion", g + "/v1", "version", "v1");
    return Map.of("kind", "APIGroup", "apiVersion", "v1", "name", g, "versions", List.of(gv), "preferredVersion", gv);
  }

  private static Map<String, Object> resourceList(String group) {
    List<Object> resources = new ArrayList<>();
    for (Resource r : RESOURCES) {
      if (!r.group().equals(group)) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.plural());
      m.put("singularName", r.singular());
      m.put("namespaced", r.namespaced());
      m.put("kind", r.kind());
      m.put("verbs", List.of("delete", "get", "list", "patch", "update"));
      m.put("shortNames", List.of(r.shortName()));
      resources.add(m);
      if (r.plural().equals("pods")) {
        resources.add(Map.of("name", "pods/eviction", "singularName", "", "namespaced", true, "group", "policy", "version", "v1",
            "kind", "Eviction", "verbs", List.of("create")));
        resources.add(Map.of("name", "pods/status", "singularName", "", "namespaced", true, "kind", "Pod", "verbs", List.of("get")));
      }
    }
    return Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", group.isEmpty() ? "v1" : group + "/v1", "resources", resources);
  }

  private HasMetadata find(Resource r, String ns, String name) {
    return r.list().apply(state.simStore()).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .filter(o -> !r.namespaced() || ns == null || ns.equals(o.getMetadata().getNamespace()))
        .findFirst().orElse(null);
  }

  private List<HasMetadata> selected(Resource r, String ns, Map<String, String> q) {
    Selectors.Label labels = Selectors.Label.parse(q.get("labelSelector"));
    Selectors.Field fields = Selectors.Field.parse(q.get("fieldSelector"));
    List<HasMetadata> out = new ArrayList<>();
    for (HasMetadata o : r.list().apply(state.simStore())) {
      if ((ns == null || ns.equals(o.getMetadata().getNamespace())) && labels.matches(o.getMetadata().getLabels()) && fields.matches(o)) {
        out.add(o);
      }
    }
    return out;
  }

  private Object list(Resource r, String ns, Map<String, String> q) {
    ArrayNode items = json.createArrayNode();
    for (HasMetadata o : selected(r, ns, q)) {
      items.add(json.valueToTree(o));
    }
    ObjectNode list = json.createObjectNode();
    list.put("kind", r.kind() + "List");
    list.put("apiVersion", r.apiVersion());
    list.putObject("metadata").put("resourceVersion", state.simStore().currentResourceVersion());
    list.set("items", items);
    return list;
  }

  private Reply patch(Resource r, HasMetadata obj, String contentType, byte[] body) {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim();
    try {
      JsonNode current = json.valueToTree(obj);
      JsonNode patch = json.readTree(body);
      JsonNode patched = switch (ct) {
        case "application/json-patch+json" -> Patches.jsonPatch(current, patch);
        case "application/merge-patch+json", "application/strategic-merge-patch+json" -> Patches.merge(current, patch);
        default -> null;
      };
      if (patched == null) {
        return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json", null, null);
      }
      return store(r, obj, patched);
    } catch (Patches.PatchException e) {
      return status(e.code, e.code == 409 ? "Conflict" : "Invalid", e.getMessage(), obj.getMetadata().getName(), r.plural());
    } catch (IOException e) {
      return status(400, "BadRequest", "error decoding patch: " + e.getMessage(), null, null);
    }
  }

  private Reply put(Resource r, HasMetadata obj, byte[] body) {
    try {
      JsonNode updated = json.readTree(body);
      String rv = updated.path("metadata").path("resourceVersion").asText("");
      if (!rv.isEmpty() && !rv.equals(obj.getMetadata().getResourceVersion())) {
        return status(409, "Conflict", "Operation cannot be fulfilled on " + r.plural() + " \"" + obj.getMetadata().getName()
            + "\": the object has been modified; please apply your changes to the latest version and try again", obj.getMetadata().getName(), r.plural());
      }
      return store(r, obj, updated);
    } catch (IOException e) {
      return status(400, "BadRequest", "error decoding body: " + e.getMessage(), null, null);
    }
  }

  /** Writes an updated object back, keeping identity (name, namespace, uid, creationTimestamp) as the API server does. */
  private Reply store(Resource r, HasMetadata old, JsonNode updated) throws IOException {
    HasMetadata next = json.treeToValue(updated, r.type());
    if (next.getMetadata() == null || !old.getMetadata().getName().equals(next.getMetadata().getName())) {
      return status(400, "BadRequest", "the name of the object (" + (next.getMetadata() == null ? "" : next.getMetadata().getName())
          + ") does not match the name on the URL (" + old.getMetadata().getName() + ")", old.getMetadata().getName(), r.plural());
    }
    next.getMetadata().setUid(old.getMetadata().getUid());
    next.getMetadata().setNamespace(old.getMetadata().getNamespace());
    next.getMetadata().setCreationTimestamp(old.getMetadata().getCreationTimestamp());
    state.simStore().replace(next);
    return new Reply(200, next);
  }

  private Reply delete(Resource r, HasMetadata obj, Map<String, String> q, byte[] body) {
    Long grace = q.containsKey("gracePeriodSeconds") ? Long.valueOf(q.get("gracePeriodSeconds")) : null;
    if (grace == null && body.length > 0) {
      try {
        JsonNode opts = json.readTree(body);
        if (opts.has("gracePeriodSeconds")) {
          grace = opts.get("gracePeriodSeconds").asLong();
        }
      } catch (IOException e) {
        return status(400, "BadRequest", "error decoding DeleteOptions: " + e.getMessage(), null, null);
      }
    }
    if (obj instanceof Pod p) {
      Pod deleted = state.simStore().deletePod(p.getMetadata().getNamespace(), p.getMetadata().getName(), grace, state.now());
      return new Reply(200, deleted);
    }
    if (obj instanceof Node n) {
      state.simStore().removeNode(n.getMetadata().getName());
      return new Reply(200, n);
    }
    return status(405, "MethodNotAllowed", "lab-sim does not delete " + r.plural(), obj.getMetadata().getName(), r.plural());
  }

  private Reply evict(String ns, String name, byte[] body) {
    Long grace = null;
    try {
      JsonNode eviction = body.length == 0 ? json.createObjectNode() : json.readTree(body);
      JsonNode opts = eviction.path("deleteOptions");
      if (opts.has("gracePeriodSeconds")) {
        grace = opts.get("gracePeriodSeconds").asLong();
      }
      String bodyName = eviction.path("metadata").path("name").asText(name);
      if (!bodyName.equals(name)) {
        return status(400, "BadRequest", "name in URL does not match name in Eviction object", name, "pods");
      }
    } catch (IOException e) {
      return status(400, "BadRequest", "error decoding Eviction: " + e.getMessage(), null, null);
    }
    EvictionOutcome o = state.simStore().evict(ns, name, grace, state.now());
    return switch (o.code()) {
      case 201 -> {
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("kind", "Status");
        ok.put("apiVersion", "v1");
        ok.put("metadata", Map.of());
        ok.put("status", "Success");
        ok.put("code", 201);
        yield new Reply(201, ok);
      }
      case 404 -> status(404, "NotFound", "pods \"" + name + "\" not found", name, "pods");
      case 429 -> status(429, o.reason(), o.message(), null, null, o.budgetCause());
      default -> status(o.code(), o.reason(), o.message(), name, "pods");
    };
  }

  private static Reply status(int code, String reason, String message, String name, String kind) {
    return status(code, reason, message, name, kind, null);
  }

  private static Reply status(int code, String reason, String message, String name, String kind, String budgetCause) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.put("metadata", Map.of());
    s.put("status", "Failure");
    s.put("message", message);
    s.put("reason", reason);
    Map<String, Object> details = new LinkedHashMap<>();
    if (name != null) {
      details.put("name", name);
    }
    if (kind != null) {
      details.put("kind", kind);
    }
    if (budgetCause != null) {
      details.put("causes", List.of(Map.of("reason", "DisruptionBudget", "message", budgetCause)));
    }
    if (!details.isEmpty()) {
      s.put("details", details);
    }
    s.put("code", code);
    return new Reply(code, s);
  }

  static String key(HasMetadata o) {
    return KubeObjects.key(o);
  }
}
