package dev.bosun.activities.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.activities.EtcdMember;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.activities.KubeadmUpgradePlan;
import dev.bosun.workflows.activities.KubeadmUpgradePlan.AvailableUpgrade;
import dev.bosun.workflows.activities.KubeadmUpgradePlan.Component;
import dev.bosun.workflows.model.KubeVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers of the node tools' real output (see shared/reference/tool-output-formats.md). Pure. */
public final class NodeOutput {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REPOSITORY_MINOR =
      Pattern.compile("/core:/stable:/(v\\d+\\.\\d+)/deb/");

  private NodeOutput() {}

  /** apt, dnf, apk or unknown, from /etc/os-release's ID and ID_LIKE. */
  public static String packageManager(String osRelease) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : osRelease.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(
            line.substring(0, eq).trim(),
            line.substring(eq + 1).trim().replaceAll("^[\"']|[\"']$", ""));
      }
    }
    String ids = (fields.getOrDefault("ID", "") + " " + fields.getOrDefault("ID_LIKE", ""))
        .toLowerCase(Locale.ROOT);
    for (String id : ids.split("\\s+")) {
      switch (id) {
        case "debian", "ubuntu" -> {
          return "apt";
        }
        case "fedora", "rhel", "centos", "rocky", "almalinux" -> {
          return "dnf";
        }
        case "alpine" -> {
          return "apk";
        }
        default -> {}
      }
    }
    return "unknown";
  }

  /** {@code dpkg-query -W -f='${Package} ${Version}\n'} lines: package → version. */
  public static Map<String, String> installedPackages(String stdout) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (String line : lines(stdout)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && !parts[1].isEmpty()) {
        versions.put(parts[0], parts[1]);
      }
    }
    return versions;
  }

  public static List<String> lines(String stdout) {
    return stdout.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  /** "v1.30" from the pkgs.k8s.io source line, or null. */
  public static String repositoryMinor(String sourcesList) {
    Matcher m = REPOSITORY_MINOR.matcher(sourcesList);
    return m.find() ? m.group(1) : null;
  }

  /** The versions {@code apt-cache madison} lists, in its order (newest first), without duplicates. */
  public static List<String> madisonVersions(String stdout) {
    LinkedHashSet<String> versions = new LinkedHashSet<>();
    for (String line : lines(stdout)) {
      String[] cols = line.split("\\|");
      if (cols.length >= 2 && !cols[1].trim().isEmpty()) {
        versions.add(cols[1].trim());
      }
    }
    return List.copyOf(versions);
  }

  /** The first (newest) package version of the upstream release {@code target}: 1.31.2 → 1.31.2-1.1. */
  public static Optional<String> packageVersionOf(
      List<String> madisonVersions, KubeVersion target) {
    String prefix = target.bare() + "-";
    return madisonVersions.stream()
        .filter(v -> v.startsWith(prefix) || v.equals(target.bare()))
        .findFirst();
  }

  /** The image tag of kube-apiserver in its static pod manifest, or null. */
  public static String apiServerImageTag(String manifest) {
    return imageTag(manifest, "kube-apiserver");
  }

  /** The image tag of {@code component} (e.g. kube-scheduler) in its static pod manifest, or null. */
  public static String imageTag(String manifest, String component) {
    Matcher m = Pattern.compile(
            "(?m)^[\\s-]*image:\\s*\\S*" + Pattern.quote(component) + ":(\\S+?)\\s*$")
        .matcher(manifest);
    return m.find() ? m.group(1) : null;
  }

  /**
   * {@code kubeadm upgrade plan -o json}: v1alpha3 ({@code availableUpgrades}), v1alpha2 (flat
   * {@code components}), text before the first '{' (pre-1.30), or nothing at all (up to date).
   */
  public static KubeadmUpgradePlan upgradePlan(String stdout) {
    int brace = stdout.indexOf('{');
    if (brace < 0) {
      if (stdout.isBlank()) {
        return new KubeadmUpgradePlan(List.of());
      }
      throw new IllegalArgumentException(
          "kubeadm upgrade plan printed no JSON: " + firstLine(stdout));
    }
    JsonNode root = readJson(stdout.substring(brace), "kubeadm upgrade plan");
    List<AvailableUpgrade> upgrades = new ArrayList<>();
    if (root.has("availableUpgrades")) {
      for (JsonNode u : root.path("availableUpgrades")) {
        upgrades.add(new AvailableUpgrade(
            u.path("description").asText(""), components(u.path("components"))));
      }
    } else if (root.has("components")) {
      List<Component> components = components(root.path("components"));
      if (!components.isEmpty()) {
        upgrades.add(new AvailableUpgrade(root.path("description").asText(""), components));
      }
    }
    return new KubeadmUpgradePlan(List.copyOf(upgrades));
  }

  private static List<Component> components(JsonNode array) {
    List<Component> list = new ArrayList<>();
    for (JsonNode c : array) {
      list.add(new Component(
          c.path("name").asText(),
          c.path("currentVersion").asText(),
          c.path("newVersion").asText(),
          c.hasNonNull("nodeName") ? c.path("nodeName").asText() : null));
    }
    return List.copyOf(list);
  }

  /** {@code kubeadm certs check-expiration -o json}: certificates, then authorities. */
  public static List<CertificateExpiry> certificates(String node, String stdout) {
    JsonNode root = readJson(
        stdout.substring(Math.max(0, stdout.indexOf('{'))), "kubeadm certs check-expiration");
    List<CertificateExpiry> list = new ArrayList<>();
    addCertificates(list, node, root.path("certificates"), false);
    addCertificates(list, node, root.path("certificateAuthorities"), true);
    return List.copyOf(list);
  }

  private static void addCertificates(
      List<CertificateExpiry> list, String node, JsonNode array, boolean authority) {
    for (JsonNode c : array) {
      list.add(new CertificateExpiry(
          node,
          c.path("name").asText(),
          c.path("expirationDate").asText(null),
          c.path("residualTime").asLong(),
          authority,
          c.path("missing").asBoolean(false),
          c.path("caName").asText(null),
          c.path("externallyManaged").asBoolean(false)));
    }
  }

  /** One entry of {@code etcdctl endpoint health -w json}: {@code {"endpoint","health","took","error"}}. */
  public record EndpointHealth(String endpoint, boolean health, String error) {}

  /**
   * {@code etcdctl member list -w json}: {@code {"header":{...},"members":[{"ID":<uint64>,"name",
   * "peerURLs":[],"clientURLs":[],"isLearner"?}]}}. IDs are printed as decimal numbers (hex strings with
   * {@code --hex}); they become hex, as in etcdctl's table. Health is left unknown (false, no error).
   */
  public static List<EtcdMember> etcdMemberList(String stdout) {
    JsonNode root =
        readJson(stdout.substring(Math.max(0, stdout.indexOf('{'))), "etcdctl member list");
    if (!root.path("members").isArray()) {
      throw new IllegalArgumentException(
          "etcdctl member list JSON lacks 'members': " + firstLine(stdout));
    }
    List<EtcdMember> members = new ArrayList<>();
    for (JsonNode m : root.path("members")) {
      JsonNode id = m.path("ID");
      String hex = id.isNumber()
          ? id.bigIntegerValue().toString(16)
          : id.asText("").replaceFirst("^0x", "").toLowerCase(Locale.ROOT);
      List<String> urls = new ArrayList<>();
      m.path("clientURLs").forEach(u -> urls.add(u.asText()));
      members.add(new EtcdMember(
          m.path("name").asText(""),
          hex,
          List.copyOf(urls),
          m.path("isLearner").asBoolean(false),
          false,
          null));
    }
    return List.copyOf(members);
  }

  /** {@code etcdctl endpoint health --cluster -w json}: a JSON list, one entry per endpoint. */
  public static List<EndpointHealth> etcdEndpointHealth(String stdout) {
    int bracket = stdout.indexOf('[');
    JsonNode root =
        readJson(bracket < 0 ? stdout : stdout.substring(bracket), "etcdctl endpoint health");
    if (!root.isArray()) {
      throw new IllegalArgumentException(
          "etcdctl endpoint health JSON is not a list: " + firstLine(stdout));
    }
    List<EndpointHealth> out = new ArrayList<>();
    for (JsonNode e : root) {
      String error = e.path("error").asText("");
      out.add(new EndpointHealth(
          e.path("endpoint").asText(),
          e.path("health").asBoolean(false),
          error.isEmpty() ? null : error));
    }
    return List.copyOf(out);
  }

  /**
   * The members with their health: a member is healthy when one of its client URLs answered healthy; a member
   * without client URLs was added but never started.
   */
  public static List<EtcdMember> etcdMembers(
      List<EtcdMember> members, List<EndpointHealth> health) {
    List<EtcdMember> out = new ArrayList<>();
    for (EtcdMember m : members) {
      boolean healthy = false;
      String error = m.clientUrls().isEmpty() ? "no client URL: never started" : null;
      for (String url : m.clientUrls()) {
        for (EndpointHealth h : health) {
          if (sameEndpoint(url, h.endpoint())) {
            healthy |= h.health();
            error = error == null && !h.health()
                ? (h.error() == null ? "unhealthy" : h.error())
                : error;
          }
        }
      }
      if (!healthy && error == null) {
        error = "no health answer for " + String.join(", ", m.clientUrls());
      }
      out.add(new EtcdMember(
          m.name(), m.id(), m.clientUrls(), m.learner(), healthy, healthy ? null : error));
    }
    return List.copyOf(out);
  }

  private static boolean sameEndpoint(String a, String b) {
    return a.replaceFirst("/+$", "").equals(b.replaceFirst("/+$", ""));
  }

  /** {@code etcdutl snapshot status -w json}. */
  public static EtcdSnapshot etcdSnapshotStatus(String node, String path, String stdout) {
    JsonNode s = readJson(stdout.trim(), "etcdutl snapshot status");
    for (String field : List.of("hash", "revision", "totalKey", "totalSize")) {
      if (!s.has(field)) {
        throw new IllegalArgumentException(
            "etcdutl snapshot status JSON lacks '" + field + "': " + firstLine(stdout));
      }
    }
    return new EtcdSnapshot(
        node,
        path,
        s.path("hash").asLong(),
        s.path("revision").asLong(),
        s.path("totalKey").asLong(),
        s.path("totalSize").asLong());
  }

  private static JsonNode readJson(String text, String what) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(what + " printed invalid JSON: " + e.getOriginalMessage());
    }
  }

  private static String firstLine(String text) {
    return text.strip().lines().findFirst().orElse("");
  }
}
