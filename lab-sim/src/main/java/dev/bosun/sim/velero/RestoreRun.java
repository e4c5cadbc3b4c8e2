package dev.bosun.sim.velero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.GenericObjects;
import dev.bosun.sim.kube.KubeJson;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Restore run: the backup's tarball read from the bucket and its items created in the sim cluster as Velero
 * creates them (namespace mapping, the excluded resources skipped, an existing object a warning), then
 * {@code restores/<name>/…} uploaded even on a ReadOnly location (trap 4) and the Restore's final status. A missing
 * tarball fails the restore with Velero's failureReason and uploads nothing; a broken one ends PartiallyFailed with
 * Go's error text.
 */
final class RestoreRun {

  /** Velero v1.18's default {@code spec.excludedResources} of a Restore. */
  static final List<String> EXCLUDED = List.of(
      "nodes",
      "events",
      "events.events.k8s.io",
      "backups.velero.io",
      "restores.velero.io",
      "resticrepositories.velero.io",
      "csinodes.storage.k8s.io",
      "volumeattachments.storage.k8s.io",
      "backuprepositories.velero.io");

  private RestoreRun() {}

  static void run(
      ObjectNode restore, ClusterStore store, Bucket bucket, long startMillis, long now) {
    String name = restore.path("metadata").path("name").asText();
    String backup = restore.path("spec").path("backupName").asText();
    ObjectNode status = restore.putObject("status");
    status.put("phase", "InProgress");
    status.put("startTimestamp", dev.bosun.sim.kube.KubeObjects.timestamp(startMillis));
    String key = Bucket.backupPrefix(backup) + backup + ".tar.gz";
    byte[] tarball = bucket.get(key);
    if (tarball == null) {
      status.put("phase", "Failed");
      status.put(
          "failureReason",
          "restore execution failed: error downloading backup: error copying Backup to temp file: rpc error: "
              + "code = Unknown desc = error getting object " + key
              + ": operation error S3: GetObject, https "
              + "response error StatusCode: 404, RequestID: " + requestId()
              + ", HostID: , NoSuchKey: The "
              + "specified key does not exist.");
      finish(status, now);
      return;
    }
    StringBuilder log = new StringBuilder();
    String who = " restore=" + restore.path("metadata").path("namespace").asText() + "/" + name;
    BackupRun.line(log, now, "starting restore", who, "pkg/controller/restore_controller.go:578");
    BackupRun.line(
        log,
        now,
        "Starting restore of backup "
            + restore.path("metadata").path("namespace").asText() + "/" + backup,
        who,
        "pkg/restore/restore.go:719");
    Map<String, List<String>> resourceList = new TreeMap<>();
    Map<String, Object> errors = new LinkedHashMap<>();
    Map<String, List<String>> warnings = new TreeMap<>();
    int total = 0;
    try {
      Map<String, byte[]> entries = Tarball.read(tarball);
      List<JsonNode> items = items(entries, restore.path("spec"));
      total = items.size();
      for (JsonNode item : items) {
        restoreItem(item, restore, store, now, resourceList, warnings);
      }
      status.putObject("progress").put("itemsRestored", total).put("totalItems", total);
    } catch (Tarball.BrokenTarball e) {
      BackupRun.line(log, now, e.stage + ": " + e.getMessage(), who, "pkg/archive/extractor.go:50");
      BackupRun.line(
          log,
          now,
          "error unzipping and extracting: " + e.getMessage(),
          who,
          "pkg/restore/restore.go:723");
      errors.put("velero", List.of(e.getMessage()));
    }
    BackupRun.line(log, now, "restore completed", who, "pkg/controller/restore_controller.go:640");
    int warningCount = warnings.values().stream().mapToInt(List::size).sum();
    if (warningCount > 0) {
      status.put("warnings", warningCount);
    }
    if (!errors.isEmpty()) {
      status.put("errors", errors.size());
    }
    status.put("phase", errors.isEmpty() ? "Completed" : "PartiallyFailed");
    finish(status, now);
    resourceList.values().forEach(l -> l.sort(null));
    String prefix = Bucket.restorePrefix(name);
    bucket.putGzip(prefix + "restore-" + name + "-logs.gz", log.toString());
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("errors", errors);
    results.put("warnings", warnings.isEmpty() ? Map.of() : Map.of("namespaces", warnings));
    bucket.putGzipJson(prefix + "restore-" + name + "-results.gz", results);
    bucket.putGzipJson(prefix + "restore-" + name + "-resource-list.json.gz", resourceList);
    bucket.putGzip(prefix + "restore-" + name + "-itemoperations.json.gz", "[]\n");
    bucket.putGzip(prefix + name + "-volumeinfo.json.gz", "[]\n");
  }

  /** The tarball's items to restore (the preferred-version copies are the same objects), namespaces first. */
  private static List<JsonNode> items(Map<String, byte[]> entries, JsonNode spec)
      throws Tarball.BrokenTarball {
    List<String> excluded = new ArrayList<>();
    spec.path("excludedResources").forEach(n -> excluded.add(n.asText()));
    List<JsonNode> namespaces = new ArrayList<>();
    List<JsonNode> rest = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      String[] p = e.getKey().split("/");
      if (!p[0].equals("resources")
          || p[2].endsWith("-preferredversion")
          || excluded.contains(p[1])) {
        continue;
      }
      try {
        JsonNode item = KubeJson.MAPPER.readTree(e.getValue());
        (p[1].equals("namespaces") ? namespaces : rest).add(item);
      } catch (java.io.IOException x) {
        throw new Tarball.BrokenTarball("error reading tar", x.getMessage());
      }
    }
    namespaces.addAll(rest);
    return namespaces;
  }

  private static void restoreItem(
      JsonNode item,
      ObjectNode restore,
      ClusterStore store,
      long now,
      Map<String, List<String>> resourceList,
      Map<String, List<String>> warnings) {
    String kind = item.path("kind").asText();
    String apiVersion = item.path("apiVersion").asText();
    String name = item.path("metadata").path("name").asText();
    String ns = item.path("metadata").path("namespace").asText(null);
    String target = ns == null
        ? null
        : restore.path("spec").path("namespaceMapping").path(ns).asText(ns);
    ObjectNode obj = clean(item, target, restore);
    String outcome;
    if (kind.equals("Namespace")) {
      String mapped = restore.path("spec").path("namespaceMapping").path(name).asText(name);
      outcome = store.namespace(mapped) == null ? "created" : "skipped";
      store.addNamespace(mapped, now);
      name = mapped;
    } else if (kind.equals("Deployment")) {
      Deployment d = KubeJson.MAPPER.convertValue(obj, Deployment.class);
      outcome =
          store.namespace(target) != null && store.addDeployment(d, now) ? "created" : "failed";
    } else if (GenericObjects.KINDS.stream()
        .anyMatch(k -> k.kind().equals(kind) && k.namespaced())) {
      GenericObjects.Kind k = GenericObjects.kindOf(kind);
      if (store.generic().create(k, obj, now)) {
        outcome = "created";
      } else if (kind.equals("ServiceAccount")) {
        outcome = "skipped";
      } else {
        outcome = "failed";
        warnings
            .computeIfAbsent(target, x -> new ArrayList<>())
            .add(
                "could not restore, " + kind + ":" + name
                    + " already exists. Warning: the in-cluster version is different than the backed-up version");
      }
    } else {
      // ReplicaSets and pods come back from their restored Deployment through the sim's controllers
      // (under the
      // sim's names); the other kinds the sim does not keep
      outcome = "skipped";
    }
    resourceList
        .computeIfAbsent(apiVersion + "/" + kind, x -> new ArrayList<>())
        .add((target == null ? "" : target + "/") + name + "(" + outcome + ")");
  }

  /** The object as Velero creates it: server-set metadata and status dropped, labelled with its backup and restore. */
  private static ObjectNode clean(JsonNode item, String namespace, ObjectNode restore) {
    ObjectNode o = item.deepCopy();
    ObjectNode meta = o.with("metadata");
    for (String f : List.of(
        "uid",
        "resourceVersion",
        "creationTimestamp",
        "managedFields",
        "generation",
        "selfLink",
        "deletionTimestamp")) {
      meta.remove(f);
    }
    if (namespace != null) {
      meta.put("namespace", namespace);
    }
    meta.with("labels")
        .put("velero.io/backup-name", restore.path("spec").path("backupName").asText())
        .put("velero.io/restore-name", restore.path("metadata").path("name").asText());
    o.remove("status");
    return o;
  }

  private static void finish(ObjectNode status, long now) {
    status.put("completionTimestamp", dev.bosun.sim.kube.KubeObjects.timestamp(now));
    status.putObject("hookStatus");
  }

  private static String requestId() {
    return Long.toHexString(Double.doubleToLongBits(Math.random()))
        .toUpperCase(java.util.Locale.ROOT);
  }
}
