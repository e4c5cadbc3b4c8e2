package dev.bosun.workflows.drill;

import dev.bosun.workflows.activities.DrillActivities;
import dev.bosun.workflows.activities.NamespaceWorkloads;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.ScratchBucket;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.VeleroInstall;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.rules.SentinelPayload;
import dev.bosun.workflows.testing.ActivityWaits;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scratch bucket and a scratch cluster's Velero in memory: the copy's objects, a Restore that ends in
 * {@link #restorePhase}, a restored sentinel written {@link #sentinelAge} after (negative: before) the backup began.
 * Records every call.
 */
public class FakeDrillActivities implements DrillActivities {

  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  public volatile boolean corruptCopy;
  volatile boolean objectsChangeDuringRestore;
  volatile String restorePhase = "Completed";
  volatile String backupPhase = "Completed";
  volatile Duration sentinelAge = Duration.ofSeconds(2);
  volatile String notReadyNamespace;
  volatile boolean dropRestoredDeployment;
  volatile int probeStatus = 200;
  /** How many restore waits hang like a killed worker's (no heartbeat, never return) until {@link #released}. */
  final AtomicInteger stallRestores = new AtomicInteger();

  final CountDownLatch released = new CountDownLatch(1);
  /** The restore wait heartbeats until cancelled. */
  volatile boolean restoreUntilCancelled;

  final CountDownLatch restoreStarted = new CountDownLatch(1);
  private final Map<String, String> bucket = Collections.synchronizedMap(new TreeMap<>());

  static final Map<String, String> OBJECTS = Map.of(
      "velero-backup.json", "11".repeat(16),
      "b.tar.gz", "22".repeat(16),
      "b-resource-list.json.gz", "33".repeat(16));

  static final Map<String, List<String>> BACKED_UP = Map.of(
      "v1/Namespace", List.of("bosun-sentinel", "shop"),
      "v1/ConfigMap", List.of("bosun-sentinel/sentinel", "shop/settings"),
      "apps/v1/Deployment", List.of("shop/web"),
      "v1/Event", List.of("shop/web.1"));

  @Override
  public OffHostCopy verifyCopy(OffHostTarget target, OffHostEntry entry) {
    call("verifyCopy:" + entry.backupName());
    pickedBackup = entry.backupName();
    if (corruptCopy) {
      throw ApplicationFailure.newNonRetryableFailure(
          "copy of " + entry.backupName() + " does not match bosun-verified.json: velero/b.tar.gz"
              + " md5 differs",
          "OffHostVerifyFailed");
    }
    List<OffHostCopy.CopiedFile> files = new ArrayList<>();
    OBJECTS.forEach(
        (p, md5) -> files.add(new OffHostCopy.CopiedFile("velero/" + p, 10, "md5:" + md5)));
    return new OffHostCopy(
        "rclone",
        entry.backupName(),
        "nas:lab1/" + entry.backupName(),
        files,
        30,
        0,
        true,
        null,
        null);
  }

  @Override
  public Map<String, String> restoreIntoScratchBucket(
      OffHostTarget target, OffHostEntry entry, ScratchBucket b) {
    call("restoreIntoScratchBucket:" + b.remote());
    bucket.putAll(OBJECTS);
    return Map.copyOf(bucket);
  }

  @Override
  public Map<String, String> scratchObjectChecksums(ScratchBucket b, String backupName) {
    call("scratchObjectChecksums");
    return Map.copyOf(bucket);
  }

  @Override
  public void installVelero(HostTarget host, ClusterTarget scratch, VeleroInstall install) {
    call("installVelero:" + host.node() + ":" + scratch.cluster() + ":" + install.bucket());
  }

  @Override
  public VeleroStatus awaitBackupSynced(
      ClusterTarget scratch, String ns, String backupName, Duration timeout) {
    call("awaitBackupSynced:" + backupName);
    return status("Backup", backupName, backupPhase, BackupPlan.takenAt(backupName) + 5_000);
  }

  @Override
  public Map<String, List<String>> backupResourceList(ScratchBucket b, String backupName) {
    call("backupResourceList");
    return BACKED_UP;
  }

  @Override
  public Map<String, List<String>> restoreResourceList(ScratchBucket b, String restoreName) {
    call("restoreResourceList:" + restoreName);
    Map<String, List<String>> restored = new TreeMap<>(BACKED_UP);
    restored.remove("v1/Event"); // Velero never restores events
    if (dropRestoredDeployment) {
      restored.remove("apps/v1/Deployment");
    }
    return restored;
  }

  @Override
  public VeleroStatus createVeleroRestore(
      ClusterTarget scratch, String ns, String restoreName, String backupName) {
    call("createVeleroRestore:" + restoreName);
    return status("Restore", restoreName, "New", 0);
  }

  @Override
  public VeleroStatus awaitVeleroRestore(
      ClusterTarget scratch, String ns, String restoreName, Duration timeout) {
    call("awaitVeleroRestore:" + restoreName);
    if (stallRestores.getAndDecrement() > 0) {
      ActivityWaits.hangUntil(released);
      return status("Restore", restoreName, "InProgress", 0);
    }
    if (restoreUntilCancelled) {
      restoreStarted.countDown();
      ActivityWaits.heartbeatUntilCancelled("restoring", 100);
      call("restoreCancelled");
      throw ApplicationFailure.newFailure("cancelled", "Cancelled");
    }
    if (objectsChangeDuringRestore) {
      bucket.put("b.tar.gz", "ff".repeat(16));
    }
    return status("Restore", restoreName, restorePhase, 0);
  }

  @Override
  public NamespaceWorkloads awaitWorkloads(
      ClusterTarget scratch, String namespace, Duration timeout) {
    call("awaitWorkloads:" + namespace);
    return namespace.equals(notReadyNamespace)
        ? new NamespaceWorkloads(namespace, 1, List.of("Deployment/web 0/2"))
        : new NamespaceWorkloads(namespace, namespace.equals("shop") ? 1 : 0, List.of());
  }

  /** The sentinel as it was written {@link #sentinelAge} after the backup began (the name's time). */
  volatile String pickedBackup;

  @Override
  public Sentinel readSentinel(ClusterTarget scratch, String namespace, String resource) {
    call("readSentinel:" + namespace + "/" + resource);
    long at = BackupPlan.takenAt(pickedBackup) + sentinelAge.toMillis();
    String uuid = "0b6f3a52-1d0e-4c5e-9a57-5d9c6f1e2a10";
    return new Sentinel(namespace, "sentinel", uuid, at, SentinelPayload.sha256(uuid, at));
  }

  @Override
  public int httpProbe(ClusterTarget scratch, String url) {
    call("httpProbe:" + url);
    return probeStatus;
  }

  private void call(String c) {
    calls.add(c);
  }

  private static VeleroStatus status(String kind, String name, String phase, long startedAt) {
    return new VeleroStatus(
        kind,
        name,
        phase,
        0,
        "PartiallyFailed".equals(phase) ? 1 : 0,
        "Failed".equals(phase) ? "error downloading backup: NoSuchKey" : null,
        "FailedValidation".equals(phase) ? List.of("backup not found") : List.of(),
        4,
        4,
        0,
        0,
        startedAt == 0 ? null : Instant.ofEpochMilli(startedAt).toString(),
        null);
  }
}
