package dev.bosun.activities.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bosun.workflows.rules.UrlRule;
import io.fabric8.kubernetes.client.Config;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads an admin kubeconfig as hostile input (it comes from a control plane, and root there must not become
 * code on the worker). Parsed here, never by fabric8's {@code Config.fromKubeconfig}, which runs
 * {@code exec} commands and auth-provider plugins while parsing and honours proxies, skipped TLS checks and
 * paths to local files. Only a server URL, embedded CA data and an embedded client certificate and key (or a
 * token) are used; any other field is refused by name. Messages never quote a value. The operator's own file
 * (the inventory's kubernetes.kubeconfig) is read the same way, except that it may name a plain-http server or
 * leave out the CA (then the worker's trust store verifies the server): a host's file may not.
 */
public final class KubeconfigReader {

  /** Larger output is not a kubeconfig: refused before parsing. */
  static final int MAX_CHARS = 1024 * 1024;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String USED =
      "Bosun uses only clusters[].cluster.server and certificate-authority-data, and users[].user.client-certificate-data"
          + " with client-key-data, or token";
  private static final Set<String> TOP = Set.of(
      "apiVersion", "kind", "clusters", "contexts", "current-context", "users", "preferences");
  private static final Set<String> CLUSTER = Set.of("server", "certificate-authority-data");
  private static final Set<String> USER =
      Set.of("client-certificate-data", "client-key-data", "token");
  private static final Set<String> CONTEXT = Set.of("cluster", "user", "namespace");
  /** Why the fields people meet most are refused, in the words the message gives. */
  private static final Map<String, String> WHY = Map.ofEntries(
      Map.entry("exec", "it would run a command on the worker"),
      Map.entry("auth-provider", "it would run an authentication plugin on the worker"),
      Map.entry("proxy-url", "it would send the admin credentials through a proxy the file chose"),
      Map.entry(
          "insecure-skip-tls-verify",
          "it would turn off verification of the API server's certificate"),
      Map.entry(
          "certificate-authority",
          "it names a file on the worker (only embedded certificate-authority-data is used)"),
      Map.entry(
          "client-certificate",
          "it names a file on the worker (only embedded client-certificate-data is used)"),
      Map.entry(
          "client-key", "it names a file on the worker (only embedded client-key-data is used)"),
      Map.entry("tokenFile", "it names a file on the worker (only an embedded token is used)"),
      Map.entry("username", "basic authentication is not used"),
      Map.entry("password", "basic authentication is not used"),
      Map.entry("as", "impersonation is not used"));

  /** What Bosun takes from a kubeconfig. {@link #toString()} names no secret. */
  record Credentials(
      String server, String caData, String clientCertData, String clientKeyData, String token) {

    /** A fabric8 config of exactly these fields: built from {@link Config#empty()}, so nothing on the worker is read. */
    Config config(String serverUrl) {
      Config config = Config.empty();
      config.setMasterUrl(serverUrl);
      if (caData != null) {
        config.setCaCertData(caData);
      }
      if (token != null) {
        config.setOauthToken(token);
      } else {
        config.setClientCertData(clientCertData);
        config.setClientKeyData(clientKeyData);
      }
      return config;
    }

    @Override
    public String toString() {
      return "Credentials[server=" + server + ", "
          + (token != null ? "token" : "client certificate") + "]";
    }
  }

  private KubeconfigReader() {}

  /**
   * A kubeconfig read from a host (admin.conf): https and embedded CA data required.
   *
   * @param source what the text is, for messages ("cp-1: /etc/kubernetes/admin.conf")
   * @throws IllegalArgumentException naming {@code source}, the field and the rule; never a value
   */
  static Credentials fromHost(String text, String source) {
    return read(text, source, true);
  }

  /** The operator's own kubeconfig file: as {@link #fromHost}, but http and a missing CA are the operator's choice. */
  static Credentials fromOperator(String text, String source) {
    return read(text, source, false);
  }

  /**
   * Null when the operator's kubeconfig {@code text} is one the worker will use, else why not (never a
   * value): {@code bosun validate} checks the file with the activity's own rules.
   */
  public static String problemWithOperatorFile(String text) {
    try {
      fromOperator(text, "the kubeconfig");
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static Credentials read(String text, String source, boolean fromHost) {
    if (text == null || text.isBlank()) {
      throw refused(
          source,
          "is empty: a kubeadm control plane keeps the admin kubeconfig there (kubeadm init writes it)");
    }
    if (text.length() > MAX_CHARS) {
      throw refused(source, "is larger than 1 MiB: not a kubeconfig");
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw refused(
          source,
          "is not valid YAML"
              + (e.getLocation() == null ? "" : " (at line " + e.getLocation().getLineNr() + ")"));
    }
    if (root == null || !root.isObject()) {
      throw refused(source, "is not a kubeconfig: not a YAML mapping");
    }
    onlyKnown(root, "", TOP, source);
    entries(root, "clusters", "cluster", CLUSTER, source);
    entries(root, "users", "user", USER, source);
    entries(root, "contexts", "context", CONTEXT, source);

    JsonNode context = context(root, source);
    String clusterName = text(context, "cluster");
    String userName = text(context, "user");
    JsonNode cluster = named(root, "clusters", "cluster", clusterName, source);
    JsonNode user = named(root, "users", "user", userName, source);

    String server = text(cluster, "server");
    if (server == null) {
      throw refused(source, "names no server for cluster " + clusterName);
    }
    String serverProblem = UrlRule.problem(server, !fromHost);
    if (serverProblem != null) {
      throw refused(source, "clusters[].cluster.server " + serverProblem);
    }
    String ca = base64(cluster, "certificate-authority-data", source);
    if (ca == null && fromHost) {
      throw refused(
          source,
          "has no certificate-authority-data for cluster " + clusterName
              + ": the API server's certificate could not be verified");
    }
    String cert = base64(user, "client-certificate-data", source);
    String key = base64(user, "client-key-data", source);
    String token = text(user, "token");
    if (token != null && (cert != null || key != null)) {
      throw refused(
          source, "gives user " + userName + " both a token and a client certificate: give one");
    }
    if (token == null && (cert == null || key == null)) {
      throw refused(
          source,
          "gives user " + userName
              + " no credentials Bosun uses: client-certificate-data with client-key-data, or token");
    }
    return new Credentials(server, ca, cert, key, token);
  }

  /** Every element of a list ({@code clusters}) must hold a mapping ({@code cluster}) of only the allowed fields. */
  private static void entries(
      JsonNode root, String list, String inner, Set<String> allowed, String source) {
    JsonNode items = root.get(list);
    if (items == null || items.isNull()) {
      return;
    }
    if (!items.isArray()) {
      throw refused(source, list + " is not a list");
    }
    for (int i = 0; i < items.size(); i++) {
      String at = list + "[" + i + "]";
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        throw refused(source, at + " is not a mapping");
      }
      onlyKnown(item, at + ".", Set.of("name", inner), source);
      JsonNode body = item.get(inner);
      if (body != null && !body.isNull()) {
        if (!body.isObject()) {
          throw refused(source, at + "." + inner + " is not a mapping");
        }
        onlyKnown(body, at + "." + inner + ".", allowed, source);
      }
    }
  }

  private static void onlyKnown(JsonNode node, String prefix, Set<String> allowed, String source) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        String why = WHY.getOrDefault(name, "Bosun does not use it");
        // a hostile file may make the field name itself long or odd: name it only when it is plain
        String field =
            name.matches("[A-Za-z0-9_-]{1,40}") ? name : "(a field with an unusual name)";
        throw refused(
            source,
            prefix + field + " is not allowed in a kubeconfig Bosun reads (" + why + "); " + USED);
      }
    }
  }

  private static JsonNode context(JsonNode root, String source) {
    String current = text(root, "current-context");
    JsonNode contexts = root.get("contexts");
    if (contexts == null || !contexts.isArray() || contexts.isEmpty()) {
      throw refused(source, "has no contexts");
    }
    if (current == null) {
      if (contexts.size() != 1) {
        throw refused(source, "has no current-context and more than one context");
      }
      return body(contexts.get(0), "context", "contexts[0]", source);
    }
    for (int i = 0; i < contexts.size(); i++) {
      if (current.equals(text(contexts.get(i), "name"))) {
        return body(contexts.get(i), "context", "contexts[" + i + "]", source);
      }
    }
    throw refused(source, "has no context named by its current-context");
  }

  private static JsonNode named(
      JsonNode root, String list, String inner, String name, String source) {
    JsonNode items = root.get(list);
    if (name != null && items != null && items.isArray()) {
      for (int i = 0; i < items.size(); i++) {
        if (name.equals(text(items.get(i), "name"))) {
          return body(items.get(i), inner, list + "[" + i + "]", source);
        }
      }
    }
    throw refused(source, "has no entry in " + list + " for its current context");
  }

  private static JsonNode body(JsonNode item, String inner, String at, String source) {
    JsonNode body = item.get(inner);
    if (body == null || !body.isObject()) {
      throw refused(source, at + " has no " + inner);
    }
    return body;
  }

  private static String base64(JsonNode node, String field, String source) {
    String value = text(node, field);
    if (value == null) {
      return null;
    }
    try {
      Base64.getMimeDecoder().decode(value);
      return value;
    } catch (IllegalArgumentException e) {
      throw refused(source, field + " is not base64");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isTextual() || v.textValue().isBlank() ? null : v.textValue();
  }

  private static IllegalArgumentException refused(String source, String what) {
    return new IllegalArgumentException(source + " " + what);
  }
}
