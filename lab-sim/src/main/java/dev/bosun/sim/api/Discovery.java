package dev.bosun.sim.api;

import dev.bosun.sim.LabState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The API server's documents that are not objects: {@code /version}, the health endpoints and discovery
 * ({@code /api}, {@code /apis}, the groups and their resource lists).
 */
final class Discovery {

  private final LabState state;
  private final IntSupplier port;

  Discovery(LabState state, IntSupplier port) {
    this.state = state;
    this.port = port;
  }

  /** The document at {@code path}, or null when the path is not one of these (a resource path). */
  Reply document(String path) {
    switch (path) {
      case "/version", "/version/" -> {
        return new Reply(200, version());
      }
      case "/readyz", "/livez", "/healthz" -> {
        return new Reply(200, "ok");
      }
      case "/api", "/api/" -> {
        return new Reply(
            200,
            Map.of(
                "kind",
                "APIVersions",
                "versions",
                List.of("v1"),
                "serverAddressByClientCIDRs",
                List.of(Map.of(
                    "clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1:" + port.getAsInt()))));
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
        return null;
      }
    }
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
    return Map.of(
        "kind",
        "APIGroup",
        "apiVersion",
        "v1",
        "name",
        g,
        "versions",
        List.of(gv),
        "preferredVersion",
        gv);
  }

  private static Map<String, Object> resourceList(String group) {
    List<Object> resources = new ArrayList<>();
    for (Resource r : Resource.ALL) {
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
        resources.add(Map.of(
            "name",
            "pods/eviction",
            "singularName",
            "",
            "namespaced",
            true,
            "group",
            "policy",
            "version",
            "v1",
            "kind",
            "Eviction",
            "verbs",
            List.of("create")));
        resources.add(Map.of(
            "name",
            "pods/status",
            "singularName",
            "",
            "namespaced",
            true,
            "kind",
            "Pod",
            "verbs",
            List.of("get")));
      }
    }
    return Map.of(
        "kind",
        "APIResourceList",
        "apiVersion",
        "v1",
        "groupVersion",
        group.isEmpty() ? "v1" : group + "/v1",
        "resources",
        resources);
  }
}
