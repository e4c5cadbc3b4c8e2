package dev.bosun.workflows.rules;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An http-probe's URL inside the scratch cluster ({@code http://web.shop.svc:8080/healthz}) as the API server's
 * service proxy path ({@code /api/v1/namespaces/shop/services/http:web:8080/proxy/healthz}): the worker reaches a
 * ClusterIP Service without a route into the cluster. The host must be {@code SERVICE.NAMESPACE[.svc[.cluster.local]]}.
 */
public record ServiceProxy(String scheme, String service, String namespace, int port, String path) {

  public static final String RULE =
      "must be http(s)://SERVICE.NAMESPACE[.svc[.cluster.local]][:PORT]/PATH, a Service of the restored cluster";

  /** The service, or IllegalArgumentException naming the rule. */
  public static ServiceProxy of(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException(RULE);
    }
    String scheme = u.getScheme();
    String host = u.getHost();
    if (!("http".equals(scheme) || "https".equals(scheme))
        || host == null
        || u.getUserInfo() != null) {
      throw new IllegalArgumentException(RULE);
    }
    String[] parts = host.split("\\.");
    boolean suffix = parts.length == 2
        || (parts.length == 3 && parts[2].equals("svc"))
        || (parts.length == 5 && host.endsWith(".svc.cluster.local"));
    if (!suffix || !Syntax.isLabel(parts[0]) || !Syntax.isLabel(parts[1])) {
      throw new IllegalArgumentException(RULE);
    }
    int port = u.getPort() > 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (u.getRawQuery() != null) {
      path = path + "?" + u.getRawQuery();
    }
    return new ServiceProxy(scheme, parts[0], parts[1], port, path);
  }

  /** The API server path that proxies to the service. */
  public String apiPath() {
    return "/api/v1/namespaces/" + namespace + "/services/" + scheme + ":" + service + ":" + port
        + "/proxy" + path;
  }
}
