package dev.bosun.sim.velero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.GenericObjects;
import dev.bosun.sim.kube.KubeJson;
import dev.bosun.sim.kube.KubeObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Velero's server as a sim controller, for one namespace of one sim cluster, ticked with the lab's controllers:
 * BackupStorageLocations validated (Available when the s3Url names a lab's object storage that has the bucket),
 * Backups New → InProgress → Completed (FailedValidation into a ReadOnly or missing location), Restores
 * New → InProgress → Completed / PartiallyFailed / Failed, and the backup sync: a backup in the bucket that the
 * cluster lacks appears as a Backup, {@code syncPeriod} after the previous sync.
 */
public final class VeleroDouble {

  /** Default time between backup syncs; the real server, with its location already Available, takes 0.6 s. */
  public static final long SYNC_PERIOD_MILLIS = 600;

  static final GenericObjects.Kind BACKUP = GenericObjects.kindOf("Backup");
  static final GenericObjects.Kind RESTORE = GenericObjects.kindOf("Restore");
  static final GenericObjects.Kind LOCATION = GenericObjects.kindOf("BackupStorageLocation");

  private final ClusterStore store;
  private final String namespace;
  private final long syncPeriodMillis;
  private final Map<String, Long> started = new HashMap<>();
  private long lastSync;
  private final Supplier<String> backupFault;

  VeleroDouble(
      ClusterStore store, String namespace, long syncPeriodMillis, Supplier<String> backupFault) {
    this.backupFault = backupFault;
    this.store = store;
    this.namespace = namespace;
    this.syncPeriodMillis = syncPeriodMillis;
  }

  void tick(long now) {
    GenericObjects g = store.generic();
    if (!g.served(BACKUP)) {
      return;
    }
    for (ObjectNode bsl : g.list(LOCATION, namespace)) {
      validate(bsl, now);
    }
    for (ObjectNode b : g.list(BACKUP, namespace)) {
      backup(b, now);
    }
    for (ObjectNode r : g.list(RESTORE, namespace)) {
      restore(r, now);
    }
    if (now - lastSync >= syncPeriodMillis) {
      lastSync = now;
      for (ObjectNode bsl : g.list(LOCATION, namespace)) {
        sync(bsl, now);
      }
    }
  }

  private void validate(ObjectNode bsl, long now) {
    Optional<Bucket> bucket = bucket(bsl);
    ObjectNode status = bsl.with("status");
    String phase = bucket.isPresent() ? "Available" : "Unavailable";
    if (!phase.equals(status.path("phase").asText()) || !status.has("lastValidationTime")) {
      status.put("phase", phase);
      status.put("lastValidationTime", KubeObjects.timestamp(now));
      if (bucket.isEmpty()) {
        status.put(
            "message",
            "BackupStorageLocation \"" + bsl.path("metadata").path("name").asText()
                + "\" is unavailable: "
                + "rpc error: code = Unknown desc = operation error S3: ListObjectsV2, NoSuchBucket: The specified "
                + "bucket does not exist");
      } else {
        status.remove("message");
      }
      store.generic().replace(LOCATION, bsl);
    }
  }

  private void backup(ObjectNode b, long now) {
    String phase = b.path("status").path("phase").asText("");
    String name = b.path("metadata").path("name").asText();
    if (phase.isEmpty() || phase.equals("New")) {
      ObjectNode spec = b.with("spec");
      String location = spec.path("storageLocation").asText("");
      ObjectNode bsl = location.isEmpty()
          ? defaultLocation()
          : store.generic().get(LOCATION, namespace, location);
      ObjectNode status = b.putObject("status");
      if (bsl == null) {
        status.put("phase", "FailedValidation");
        status
            .putArray("validationErrors")
            .add(
                location.isEmpty()
                    ? "an existing backup storage location was not specified at backup creation time and the default "
                        + "'default' was not found. Please address this issue (see `velero backup-location -h` for options) "
                        + "and create a new backup. Error: backupstoragelocations.velero.io \"default\" not found"
                    : "an existing backup storage location wasn't specified at backup creation time and the server default '"
                        + location
                        + "' doesn't exist. Please address this issue (see `velero backup-location -h` for "
                        + "options) and create a new backup. Error: backupstoragelocations.velero.io \""
                        + location + "\" not found");
      } else if ("ReadOnly".equals(bsl.path("spec").path("accessMode").asText())) {
        status.put("phase", "FailedValidation");
        status
            .putArray("validationErrors")
            .add("backup can't be created because backup storage location "
                + bsl.path("metadata").path("name").asText() + " is currently in read-only mode");
      } else {
        VeleroSpecs.defaultBackup(b, bsl, store.clusterVersion().toString());
        status.put("phase", "InProgress");
        status.put("startTimestamp", KubeObjects.timestamp(now));
        started.put("backup/" + name, now);
      }
      store.generic().replace(BACKUP, b);
    } else if (phase.equals("InProgress") && started.containsKey("backup/" + name)) {
      ObjectNode bsl = store
          .generic()
          .get(LOCATION, namespace, b.path("spec").path("storageLocation").asText());
      Optional<Bucket> bucket = bsl == null ? Optional.empty() : bucket(bsl);
      if (bucket.isEmpty()) {
        b.with("status").put("phase", "Failed");
        b.with("status").put("failureReason", "backup storage location is unavailable");
      } else {
        BackupRun.run(
            b, store, bucket.get(), started.remove("backup/" + name), now, backupFault.get());
      }
      store.generic().replace(BACKUP, b);
    }
  }

  private void restore(ObjectNode r, long now) {
    String phase = r.path("status").path("phase").asText("");
    String name = r.path("metadata").path("name").asText();
    if (phase.isEmpty() || phase.equals("New")) {
      String backupName = r.path("spec").path("backupName").asText("");
      ObjectNode backup = store.generic().get(BACKUP, namespace, backupName);
      ObjectNode status = r.putObject("status");
      if (backup == null
          || !"Completed".equals(backup.path("status").path("phase").asText())) {
        status.put("phase", "FailedValidation");
        status
            .putArray("validationErrors")
            .add(
                backup == null
                    ? "Error retrieving backup: backups.velero.io \"" + backupName + "\" not found"
                    : "Backup \"" + backupName + "\" is not in phase Completed");
      } else {
        VeleroSpecs.defaultRestore(r);
        status.put("phase", "InProgress");
        status.put("startTimestamp", KubeObjects.timestamp(now));
        started.put("restore/" + name, now);
      }
      store.generic().replace(RESTORE, r);
    } else if (phase.equals("InProgress") && started.containsKey("restore/" + name)) {
      ObjectNode backup = store
          .generic()
          .get(BACKUP, namespace, r.path("spec").path("backupName").asText());
      ObjectNode bsl = backup == null
          ? null
          : store
              .generic()
              .get(
                  LOCATION,
                  namespace,
                  backup.path("spec").path("storageLocation").asText());
      Optional<Bucket> bucket = bsl == null ? Optional.empty() : bucket(bsl);
      long start = started.remove("restore/" + name);
      if (bucket.isEmpty()) {
        r.with("status").put("phase", "Failed");
        r.with("status").put("failureReason", "backup storage location is unavailable");
      } else {
        RestoreRun.run(r, store, bucket.get(), start, now);
      }
      store.generic().replace(RESTORE, r);
    }
  }

  private void sync(ObjectNode bsl, long now) {
    Optional<Bucket> bucket = bucket(bsl);
    if (bucket.isEmpty() || !"Available".equals(bsl.path("status").path("phase").asText())) {
      return;
    }
    for (String name : bucket.get().backups()) {
      if (store.generic().get(BACKUP, namespace, name) != null) {
        continue;
      }
      try {
        JsonNode stored = KubeJson.MAPPER.readTree(
            bucket.get().get(Bucket.backupPrefix(name) + "velero-backup.json"));
        ObjectNode b = (ObjectNode) stored;
        ObjectNode meta = b.with("metadata");
        for (String f :
            List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "generation")) {
          meta.remove(f);
        }
        meta.put("namespace", namespace);
        String location = bsl.path("metadata").path("name").asText();
        meta.with("labels").put("velero.io/storage-location", location);
        b.with("spec").put("storageLocation", location);
        store.generic().create(BACKUP, b, now);
      } catch (IOException | RuntimeException e) {
        // a half-written or foreign object: the real server logs it and goes on with the others
      }
    }
    bsl.with("status").put("lastSyncedTime", KubeObjects.timestamp(now));
  }

  private ObjectNode defaultLocation() {
    return store.generic().list(LOCATION, namespace).stream()
        .filter(l -> l.path("spec").path("default").asBoolean(false))
        .findFirst()
        .orElse(null);
  }

  /** The location's bucket, when its s3Url names a lab's object storage and the bucket directory exists. */
  static Optional<Bucket> bucket(ObjectNode bsl) {
    String url = bsl.path("spec").path("config").path("s3Url").asText(null);
    String bucket = bsl.path("spec").path("objectStorage").path("bucket").asText("");
    return ObjectStores.directory(url)
        .map(d -> d.resolve(bucket))
        .filter(d -> !bucket.isEmpty() && Files.isDirectory(d))
        .map((Path d) -> new Bucket(d, bucket));
  }
}
