package dev.bosun.activities.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bosun.workflows.activities.NodeConfigFingerprint;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the files the config-drift guard watches into flattened settings (see {@link NodeConfigFingerprint}). Pure: the
 * real formats — KubeletConfiguration YAML, kubeadm-flags.env ({@code KUBELET_KUBEADM_ARGS="--a=b --c=d"}), static pod
 * manifests, containerd's config.toml (tables and {@code key = value} lines; a value spread over lines is kept as its
 * first line).
 */
public final class NodeConfigs {

  public static final String KUBELET_CONFIG = "/var/lib/kubelet/config.yaml";
  public static final String KUBEADM_FLAGS = "/var/lib/kubelet/kubeadm-flags.env";
  public static final String CONTAINERD_CONFIG = "/etc/containerd/config.toml";

  /** Every file watched, in order: the kubelet's, the static pod manifests, containerd's. */
  public static final List<String> FILES = List.of(
      KUBELET_CONFIG,
      KUBEADM_FLAGS,
      NodeCommands.MANIFESTS_DIR + "/kube-apiserver.yaml",
      NodeCommands.MANIFESTS_DIR + "/kube-controller-manager.yaml",
      NodeCommands.MANIFESTS_DIR + "/kube-scheduler.yaml",
      NodeCommands.MANIFESTS_DIR + "/etcd.yaml",
      CONTAINERD_CONFIG);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** Keys whose values are never shown nor kept: passwords, tokens, secrets, registry auth. */
  private static final Pattern SECRET = Pattern.compile(
      "(?i)(password|passwd|secret|token|credential|identitytoken|(^|[._\\-])auth$)");
  /** registry/name:tag (or @sha256:…): the tag is an upgrade's business. */
  private static final Pattern IMAGE =
      Pattern.compile("^([a-z0-9.\\-]+(:\\d+)?/)?[a-z0-9._\\-/]+(:[\\w.\\-]+|@sha256:[0-9a-f]+)$");

  private static final Pattern FLAG = Pattern.compile("(--[\\w\\-]+)(?:=(\\S*))?");

  private NodeConfigs() {}

  /** The settings of {@code path}'s content. */
  public static Map<String, String> settings(String path, String content) {
    Map<String, String> out = new TreeMap<>();
    if (path.equals(KUBEADM_FLAGS)) {
      flags(content, out);
    } else if (path.equals(CONTAINERD_CONFIG)) {
      toml(content, out);
    } else {
      JsonNode root;
      try {
        root = YAML.readTree(content);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(path + " is not valid YAML: " + e.getMessage());
      }
      if (root != null) {
        flatten("", root, out);
      }
      // kubeadm's own annotations (e.g. the advertise address endpoint) follow the upgrade
      out.keySet().removeIf(k -> k.startsWith("metadata.annotations.kubeadm.kubernetes.io/"));
    }
    out.replaceAll((k, v) -> SECRET.matcher(k).find() ? NodeConfigFingerprint.HIDDEN : untagged(v));
    return out;
  }

  private static void flags(String content, Map<String, String> out) {
    for (String line : content.split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0 || line.startsWith("#")) {
        continue;
      }
      String value = line.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      Matcher m = FLAG.matcher(value);
      while (m.find()) {
        out.put(m.group(1), m.group(2) == null ? "true" : m.group(2));
      }
    }
  }

  private static void toml(String content, Map<String, String> out) {
    String table = "";
    for (String raw : content.split("\n")) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        table = line.replaceAll("^\\[+|\\]+$", "").trim() + ".";
        continue;
      }
      int eq = line.indexOf('=');
      if (eq > 0) {
        String value = line.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        out.put(table + line.substring(0, eq).trim(), value);
      }
    }
  }

  /**
   * Objects become dotted keys; a list of containers is keyed by container name; a list of flags ({@code --a=b}) is
   * keyed by flag, so that adding one flag does not renumber the others.
   */
  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        String text = item.isTextual() ? item.asText() : null;
        if (item.isObject() && item.hasNonNull("name")) {
          flatten(prefix + "[" + item.get("name").asText() + "]", item, out);
        } else if (text != null && text.startsWith("--")) {
          int eq = text.indexOf('=');
          out.put(
              prefix + "." + (eq < 0 ? text : text.substring(0, eq)),
              eq < 0 ? "true" : text.substring(eq + 1));
        } else {
          flatten(prefix + "[" + i + "]", item, out);
        }
      }
    } else if (!node.isMissingNode()) {
      out.put(prefix, node.isNull() ? "null" : node.asText());
    }
  }

  private static String untagged(String value) {
    if (value != null && IMAGE.matcher(value).matches() && value.contains("/")) {
      int at = value.indexOf("@sha256:");
      return at > 0 ? value.substring(0, at) : value.substring(0, value.lastIndexOf(':'));
    }
    return value;
  }
}
