package dev.bosun.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.bosun.sim.LabState;
import dev.bosun.sim.kube.GenericObjects;
import dev.bosun.sim.kube.KubeObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import javax.net.ssl.SSLParameters;

/**
 * A Kubernetes API server over the lab's state, enough for fabric8 and kubectl get/cordon/drain: discovery,
 * nodes, pods (with the eviction subresource), namespaces, Deployments/ReplicaSets/DaemonSets and
 * PodDisruptionBudgets; GET/LIST (label and field selectors), PATCH (json, merge, strategic-merge), PUT and DELETE.
 * mTLS like a kubeadm API server; no watch (Bosun polls). This class serves HTTPS and routes a request; the
 * documents are {@link Discovery}'s, writes {@link ObjectWrites}' and evictions {@link EvictionSubresource}'s.
 */
public final class ApiServer implements AutoCloseable {

  static {
    // A real API server (Go's net/http) disables Nagle on every connection; the JDK's HttpServer
    // does not
    // unless asked, and then each response waits ~40 ms for the client's delayed ACK. Read once,
    // when the
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
  private final Discovery discovery;
  private final ObjectWrites writes;
  private final EvictionSubresource evictions;
  private final GenericRoutes generic;

  private ApiServer(HttpsServer server, ExecutorService executor, LabState state, LabPki pki) {
    this.server = server;
    this.executor = executor;
    this.state = state;
    this.pki = pki;
    this.discovery = new Discovery(state, this::port);
    this.writes = new ObjectWrites(state, json);
    this.evictions = new EvictionSubresource(state, json);
    this.generic = new GenericRoutes(state);
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
      // One thread per open connection, not a fixed few: the JDK's HTTPS server reads the next
      // request of a
      // kept-alive connection on an executor thread and blocks there until the client sends it or
      // the idle
      // timeout (30 s) closes it, so a handful of idle kubectl connections starved every other
      // client.
      ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lab-sim-api");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      ApiServer api = new ApiServer(server, executor, state, pki);
      synchronized (state.lock()) {
        state.simStore().caBundle(LabPki.certPem(pki.ca));
      }
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
    return "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: "
        + LabPki.b64(LabPki.certPem(pki.ca)) + "\n"
        + "    server: https://127.0.0.1:" + port()
        + "\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n"
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

  // ---- request handling
  // ----------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    Reply reply;
    try {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      synchronized (state.lock()) {
        state.simStore().tick(state.now());
        reply = route(
            ex.getRequestMethod(),
            ex.getRequestURI().getRawPath(),
            query(ex.getRequestURI().getRawQuery()),
            ex.getRequestHeaders().getFirst("Content-Type"),
            ex.getRequestHeaders().getFirst("Accept"),
            body);
      }
    } catch (RuntimeException e) {
      reply = Reply.status(500, "InternalError", e.toString(), null, null);
    }
    byte[] out = reply.body() instanceof String s
        ? s.getBytes(StandardCharsets.UTF_8)
        : json.writeValueAsBytes(reply.body());
    ex.getResponseHeaders()
        .set(
            "Content-Type",
            reply.body() instanceof String ? "text/plain; charset=utf-8" : "application/json");
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

  private Reply route(
      String method,
      String path,
      Map<String, String> q,
      String contentType,
      String accept,
      byte[] body) {
    Reply document = discovery.document(path);
    if (document != null) {
      return document;
    }
    String group;
    String rest;
    if (path.startsWith("/api/v1/")) {
      group = "";
      rest = path.substring("/api/v1/".length());
    } else if (path.startsWith("/apis/") && path.split("/").length > 4) {
      group = path.split("/")[2];
      rest = path.substring(("/apis/" + group + "/" + path.split("/")[3] + "/").length());
    } else {
      return Reply.status(
          404, "NotFound", "the server could not find the requested resource", null, null);
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
    Resource r = Resource.ALL.stream()
        .filter(x -> x.group().equals(group) && x.plural().equals(plural))
        .findFirst()
        .orElse(null);
    if (r == null) {
      String namespace = ns;
      Reply generic = GenericObjects.kind(group, plural)
          .map(k -> this.generic.handle(k, method, namespace, name, sub, contentType, body))
          .orElse(null);
      if (generic != null) {
        return generic;
      }
    }
    if (r == null || (ns != null && !r.namespaced())) {
      return Reply.status(
          404, "NotFound", "the server could not find the requested resource", null, null);
    }
    if ("true".equals(q.get("watch"))) {
      return Reply.status(
          405,
          "MethodNotAllowed",
          "watch is not served by lab-sim; poll with GET instead",
          null,
          null);
    }
    if (name == null) {
      if (method.equals("POST")) {
        return writes.create(r, ns, body);
      }
      if (!method.equals("GET")) {
        return Reply.methodNotAllowed(null, null);
      }
      return new Reply(
          200,
          Tables.wanted(accept)
              ? Tables.table(
                  r.plural(),
                  selected(r, ns, q),
                  state.simStore().currentResourceVersion(),
                  state.now())
              : list(r, ns, q));
    }
    HasMetadata obj = find(r, ns, name);
    if (sub != null) {
      if (r.plural().equals("pods") && sub.equals("eviction") && method.equals("POST")) {
        return evictions.evict(ns, name, body);
      }
      return Reply.status(
          404, "NotFound", "the server could not find the requested resource", null, null);
    }
    if (obj == null) {
      return Reply.status(
          404,
          "NotFound",
          r.plural() + (r.group().isEmpty() ? "" : "." + r.group()) + " \"" + name + "\" not found",
          name,
          r.plural());
    }
    return switch (method) {
      case "GET" ->
        new Reply(
            200,
            Tables.wanted(accept)
                ? Tables.table(
                    r.plural(),
                    List.of(obj),
                    state.simStore().currentResourceVersion(),
                    state.now())
                : obj);
      case "PATCH" -> writes.patch(r, obj, contentType, body);
      case "PUT" -> writes.put(r, obj, body);
      case "DELETE" -> writes.delete(r, obj, q, body);
      default -> Reply.methodNotAllowed(null, null);
    };
  }

  private HasMetadata find(Resource r, String ns, String name) {
    return r.list().apply(state.simStore()).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .filter(o -> !r.namespaced() || ns == null || ns.equals(o.getMetadata().getNamespace()))
        .findFirst()
        .orElse(null);
  }

  private List<HasMetadata> selected(Resource r, String ns, Map<String, String> q) {
    Selectors.Label labels = Selectors.Label.parse(q.get("labelSelector"));
    Selectors.Field fields = Selectors.Field.parse(q.get("fieldSelector"));
    List<HasMetadata> out = new ArrayList<>();
    for (HasMetadata o : r.list().apply(state.simStore())) {
      if ((ns == null || ns.equals(o.getMetadata().getNamespace()))
          && labels.matches(o.getMetadata().getLabels())
          && fields.matches(o)) {
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

  static String key(HasMetadata o) {
    return KubeObjects.key(o);
  }
}
