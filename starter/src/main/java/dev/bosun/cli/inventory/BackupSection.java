package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.rules.BackupRules;
import dev.bosun.workflows.rules.RemoteRule;
import dev.bosun.workflows.rules.Syntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The optional {@code backup} mapping: the etcd snapshot, Velero and the off-host copy. */
final class BackupSection {

  static final Set<String> BACKUP = keys("etcdSnapshot", "velero", "offHost");
  static final Set<String> VELERO = keys(
      "namespace",
      "storageLocation",
      "includeNamespaces",
      "excludeNamespaces",
      "selector",
      "ttl",
      "allowPartiallyFailed",
      "timeout");
  static final Set<String> OFF_HOST = keys(
      "tool",
      "source",
      "destination",
      "passwordEnv",
      "keepLast",
      "keepDays",
      "rcloneConfig",
      "stagingDir",
      "runOn");

  private BackupSection() {}

  static BackupSpec read(Section b) {
    if (!b.present()) {
      return null;
    }
    BackupSpec.VeleroSpec velero = null;
    Section v = b.object("velero", false, VELERO);
    if (v.present()) {
      String ns = v.string("namespace", false);
      if (ns != null && !Syntax.isLabel(ns)) {
        v.error("namespace", ns, "is not a valid namespace: " + Syntax.LABEL_RULE);
      }
      String location = v.string("storageLocation", false);
      if (location != null && !Syntax.isLabel(location)) {
        v.error(
            "storageLocation",
            location,
            "is not a valid BackupStorageLocation name: " + Syntax.LABEL_RULE);
      }
      Duration ttl = v.duration("ttl", null);
      if (ttl != null && ttl.compareTo(Duration.ofMinutes(1)) < 0) {
        v.error("ttl", v.string("ttl", false), BackupRules.TTL_RULE);
      }
      Duration timeout = v.duration("timeout", BackupSpec.VeleroSpec.DEFAULT_TIMEOUT);
      if (timeout.isZero() || timeout.isNegative()) {
        v.error("timeout", v.string("timeout", false), "must be a positive duration (e.g. 30m)");
      }
      velero = new BackupSpec.VeleroSpec(
          ns == null ? "velero" : ns,
          location == null ? "default" : location,
          namespaces(v, "includeNamespaces"),
          namespaces(v, "excludeNamespaces"),
          selector(v),
          ttl,
          v.flag("allowPartiallyFailed", false),
          timeout);
    }
    BackupSpec.OffHostSpec offHost = null;
    Section o = b.object("offHost", false, OFF_HOST);
    if (o.present()) {
      String tool = o.string("tool", true);
      if (tool != null && BackupRules.toolProblem(tool) != null) {
        o.error("tool", tool, BackupRules.TOOL_RULE);
      }
      String source = remote(o, "source");
      String destination = remote(o, "destination");
      String passwordEnv = o.string("passwordEnv", "restic".equals(tool));
      if (passwordEnv != null && !Syntax.isEnvName(passwordEnv)) {
        o.error(
            "passwordEnv",
            passwordEnv,
            "is not an environment variable name: letters, digits and '_', not starting with a digit");
      }
      int keepLast = count(o, "keepLast", "0 (no count limit) or more");
      int keepDays = count(o, "keepDays", "0 (no age limit) or more");
      String rcloneConfig = localPath(o, "rcloneConfig");
      String stagingDir = localPath(o, "stagingDir");
      String runOn = o.string("runOn", false);
      if (runOn != null && !Syntax.isLabel(runOn)) {
        o.error("runOn", runOn, "must name a node of nodes (" + Syntax.LABEL_RULE + ")");
      }
      offHost = new BackupSpec.OffHostSpec(
          tool,
          source,
          destination,
          passwordEnv,
          keepLast,
          keepDays,
          rcloneConfig,
          stagingDir,
          runOn);
    }
    return new BackupSpec(velero, offHost, b.flag("etcdSnapshot", true));
  }

  static String remote(Section o, String key) {
    String v = o.string(key, true);
    if (v != null && RemoteRule.problem(v) != null) {
      o.error(key, null, RemoteRule.problem(v)); // never quoted: it may hold credentials
    }
    return v;
  }

  private static int count(Section o, String key, String rule) {
    Long n = o.integer(key, false);
    if (n != null && (n < 0 || n > 100_000)) {
      o.error(key, String.valueOf(n), "must be " + rule);
      return 0;
    }
    return n == null ? 0 : n.intValue();
  }

  private static String localPath(Section o, String key) {
    String p = o.string(key, false);
    if (p != null && (!Syntax.isLocalPath(p) || !Syntax.isSafeText(p))) {
      o.error(key, p, BackupRules.LOCAL_PATH_RULE + ", without spaces or shell characters");
    }
    return p;
  }

  /** A list of namespace names. */
  private static List<String> namespaces(Section v, String key) {
    JsonNode n = v.raw(key);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (!n.isArray()) {
      v.error(
          key, Section.scalarText(n), "must be a list of namespaces, got " + Section.describe(n));
      return out;
    }
    for (JsonNode e : n) {
      String ns = e.asText();
      if (!e.isTextual() || !Syntax.isLabel(ns)) {
        v.error(key, ns, "lists an invalid namespace: " + Syntax.LABEL_RULE);
      } else {
        out.add(ns);
      }
    }
    return out;
  }

  /** matchLabels: a mapping of label keys to values. */
  private static Map<String, String> selector(Section v) {
    JsonNode n = v.raw("selector");
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    if (!n.isObject()) {
      v.error(
          "selector",
          Section.scalarText(n),
          "must be a mapping of label: value (matchLabels), got " + Section.describe(n));
      return out;
    }
    n.fields().forEachRemaining(e -> {
      String key = e.getKey();
      String value = e.getValue().asText();
      if (BackupRules.labelKeyProblem(key) != null) {
        v.error("selector", key, BackupRules.LABEL_KEY_RULE);
      } else if (!e.getValue().isValueNode() || BackupRules.labelValueProblem(value) != null) {
        v.error(
            "selector",
            value,
            "has an invalid value for " + key + ": " + BackupRules.LABEL_VALUE_RULE);
      } else {
        out.put(key, value);
      }
    });
    return out;
  }
}
