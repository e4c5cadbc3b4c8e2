package dev.bosun.sim.velero;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.KubeJson;
import dev.bosun.sim.kube.KubeObjects;
import dev.bosun.sim.programs.GoDuration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Backup run to completion: the items collected, the tarball and the other objects Velero v1.18 uploads under
 * {@code backups/<name>/} (names and contents' shapes as the real server's), and the Backup's final status.
 */
final class BackupRun {

  static final String FORMAT_VERSION = "1.1.0";

  private BackupRun() {}

  /**
   * Runs {@code backup} (phase InProgress, spec defaulted) into {@code bucket}; sets its final status: Completed, or
   * what {@code fault} says (PartiallyFailed: the first namespaced item fails; Failed: the upload is refused).
   */
  static void run(
      ObjectNode backup,
      ClusterStore store,
      Bucket bucket,
      long startMillis,
      long now,
      String fault) {
    String name = backup.path("metadata").path("name").asText();
    String ns = backup.path("metadata").path("namespace").asText();
    List<BackupItems.Item> items = BackupItems.collect(store, backup.path("spec"));
    if ("Failed".equals(fault)) {
      ObjectNode status = backup.putObject("status");
      status.put("phase", "Failed");
      status.put(
          "failureReason",
          "error uploading backup: rpc error: code = Unknown desc = error putting object "
              + Bucket.backupPrefix(name) + name
              + ".tar.gz: operation error S3: PutObject, https response error "
              + "StatusCode: 503, api error ServiceUnavailable: injected by lab-sim's veleroBackup fault");
      status.put("startTimestamp", KubeObjects.timestamp(startMillis));
      status.put("completionTimestamp", KubeObjects.timestamp(now));
      return;
    }
    Map<String, Object> errors = new LinkedHashMap<>();
    int total = items.size();
    if ("PartiallyFailed".equals(fault)) {
      BackupItems.Item failed =
          items.stream().filter(i -> i.namespace() != null).findFirst().orElse(null);
      if (failed != null) {
        items = items.stream().filter(i -> i != failed).toList();
        errors.put(
            "namespaces",
            Map.of(
                failed.namespace(),
                List.of("resource: /" + failed.groupResource()
                    + " name: /" + failed.name()
                    + " message: /Error backing up item error: /injected by lab-sim's "
                    + "veleroBackup fault")));
      }
    }

    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("metadata/version", FORMAT_VERSION.getBytes(StandardCharsets.UTF_8));
    Map<String, List<String>> resourceList = new TreeMap<>();
    for (BackupItems.Item item : items) {
      byte[] json = compact(item.json());
      entries.put(item.entry(false), json);
      entries.put(item.entry(true), json);
      resourceList
          .computeIfAbsent(item.apiVersion() + "/" + item.kind(), k -> new ArrayList<>())
          .add(item.listed());
    }
    resourceList.values().forEach(l -> l.sort(null));

    ObjectNode status = backup.putObject("status");
    status.put("version", 1);
    status.put("formatVersion", FORMAT_VERSION);
    status.put("expiration", KubeObjects.timestamp(startMillis + ttlMillis(backup)));
    status.put("phase", errors.isEmpty() ? "Completed" : "PartiallyFailed");
    if (!errors.isEmpty()) {
      status.put("errors", 1);
    }
    status.put("startTimestamp", KubeObjects.timestamp(startMillis));
    status.put("completionTimestamp", KubeObjects.timestamp(now));
    status.putObject("progress").put("totalItems", total).put("itemsBackedUp", items.size());
    status.putObject("hookStatus");

    String prefix = Bucket.backupPrefix(name);
    bucket.put(prefix + name + ".tar.gz", Tarball.write(entries, now));
    bucket.putGzip(prefix + name + "-logs.gz", log(ns, name, backup, items, now));
    bucket.putGzipJson(prefix + name + "-resource-list.json.gz", resourceList);
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("errors", errors);
    results.put("warnings", Map.of());
    bucket.putGzipJson(prefix + name + "-results.gz", results);
    bucket.putGzip(prefix + name + "-volumesnapshots.json.gz", "null\n");
    bucket.putGzip(prefix + name + "-podvolumebackups.json.gz", "null\n");
    bucket.putGzip(prefix + name + "-itemoperations.json.gz", "[]\n");
    bucket.putGzip(prefix + name + "-volumeinfo.json.gz", "[]\n");
    bucket.put(prefix + "velero-backup.json", pretty(backup));
  }

  static long ttlMillis(ObjectNode backup) {
    String ttl = backup.path("spec").path("ttl").asText("720h0m0s");
    try {
      return GoDuration.parse(ttl, Duration.ofHours(720)).toMillis();
    } catch (IllegalArgumentException e) {
      return Duration.ofHours(720).toMillis();
    }
  }

  private static String log(
      String ns, String name, ObjectNode backup, List<BackupItems.Item> items, long now) {
    StringBuilder out = new StringBuilder();
    String who = " backup=" + ns + "/" + name;
    line(out, now, "Setting up backup temp file", who, "pkg/controller/backup_controller.go:745");
    line(out, now, "Writing backup version file", who, "pkg/backup/backup.go:276");
    List<String> included = new ArrayList<>();
    backup.path("spec").path("includedNamespaces").forEach(n -> included.add(n.asText()));
    line(
        out,
        now,
        "Including namespaces: " + (included.isEmpty() ? "*" : String.join(", ", included)),
        who,
        "pkg/backup/backup.go:309");
    for (BackupItems.Item i : items) {
      line(
          out,
          now,
          "Backed up " + (items.indexOf(i) + 1) + " items out of an estimated total of "
              + items.size() + " (estimate will change throughout the backup)",
          who + " name=" + i.name() + (i.namespace() == null ? "" : " namespace=" + i.namespace())
              + " progress= resource=" + i.groupResource(),
          "pkg/backup/backup.go:529");
    }
    line(
        out,
        now,
        "Backed up a total of " + items.size() + " items",
        who + " progress=",
        "pkg/backup/backup.go:553");
    return out.toString();
  }

  /** One logrus line as Velero's server writes it into a backup's or restore's log. */
  static void line(StringBuilder out, long now, String msg, String fields, String source) {
    out.append("time=\"")
        .append(KubeObjects.timestamp(now))
        .append("\" level=info msg=\"")
        .append(msg.replace("\"", "\\\""))
        .append('"')
        .append(fields.startsWith(" backup=") ? fields : "")
        .append(" logSource=\"github.com/vmware-tanzu/velero@v1.18.3/")
        .append(source)
        .append('"')
        .append(fields.startsWith(" backup=") ? "" : fields)
        .append('\n');
  }

  private static byte[] compact(ObjectNode o) {
    try {
      return KubeJson.MAPPER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] pretty(ObjectNode o) {
    try {
      return KubeJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
