package dev.bosun.workflows.backup;

import dev.bosun.workflows.activities.BackupActivities;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.StagedFile;
import dev.bosun.workflows.activities.VeleroBackupRequest;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.testing.ActivityWaits;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** An off-host target in memory and a Velero whose Backup ends in {@link #phase}; records every call. */
public class FakeBackupActivities implements BackupActivities {

  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  /** backup name → verified? */
  public final Map<String, OffHostEntry> offHost = Collections.synchronizedMap(new TreeMap<>());

  /** How many copy attempts hang like a killed worker's until {@link #released}. */
  final AtomicInteger stallCopies = new AtomicInteger();

  final CountDownLatch released = new CountDownLatch(1);
  /** The copy runs, heartbeating, until cancelled. */
  volatile boolean copyUntilCancelled;

  final CountDownLatch copyStarted = new CountDownLatch(1);
  volatile String phase = "Completed";
  /** Of two volume snapshots, how many Velero reports failed (velero#6212: the phase still says Completed). */
  volatile int volumeSnapshotsFailed;

  volatile String failAt;
  public volatile boolean corruptCopy;

  @Override
  public Sentinel writeSentinel(ClusterTarget cluster, String uuid, long writtenAtMillis) {
    call("writeSentinel");
    return new Sentinel(Sentinel.NAMESPACE, Sentinel.NAME, uuid, writtenAtMillis, "ab".repeat(32));
  }

  @Override
  public VeleroStatus createVeleroBackup(ClusterTarget cluster, VeleroBackupRequest request) {
    call("createVeleroBackup:" + request.name());
    return status(request.name(), "New");
  }

  @Override
  public VeleroStatus awaitVeleroBackup(
      ClusterTarget cluster, String ns, String name, Duration timeout) {
    call("awaitVeleroBackup:" + name);
    VeleroStatus s = status(name, phase);
    return volumeSnapshotsFailed == 0
        ? s
        : new VeleroStatus(
            s.kind(),
            s.name(),
            s.phase(),
            s.errors(),
            s.warnings(),
            s.failureReason(),
            s.validationErrors(),
            s.totalItems(),
            s.itemsDone(),
            2,
            2 - volumeSnapshotsFailed,
            null,
            null);
  }

  @Override
  public StagedFile fetchFromNode(
      HostTarget host, String remotePath, String stagingDir, String backupName) {
    call("fetchFromNode:" + host.node() + ":" + remotePath);
    return new StagedFile(
        host.node(), remotePath, "etcd.db", stagingDir + "/etcd.db", 4_096_000, "cd".repeat(32));
  }

  @Override
  public OffHostCopy copyOffHost(OffHostTarget target, String backupName, List<StagedFile> staged) {
    call("copyOffHost:" + backupName + ":" + staged.size());
    offHost.put(
        backupName, new OffHostEntry(backupName, BackupPlan.takenAt(backupName), false, null));
    if (stallCopies.getAndDecrement() > 0) {
      // a worker killed mid-copy: the attempt never heartbeats nor ends; the server times it out
      ActivityWaits.hangUntil(released);
    }
    if (copyUntilCancelled) {
      copyStarted.countDown();
      RuntimeException stopped = ActivityWaits.heartbeatUntilCancelled("copying", 50);
      // rclone writes what is in flight before it dies: the undo must come after this
      ActivityWaits.pause(300);
      offHost.put(
          backupName, new OffHostEntry(backupName, BackupPlan.takenAt(backupName), false, null));
      calls.add("copyStopped:" + backupName);
      throw stopped;
    }
    return copy(target, backupName, false);
  }

  @Override
  public void removeStaging(OffHostTarget target, String backupName) {
    call("removeStaging:" + backupName);
  }

  @Override
  public OffHostCopy verifyOffHost(
      OffHostTarget target, String backupName, List<StagedFile> staged) {
    call("verifyOffHost:" + backupName);
    if (corruptCopy) {
      throw ApplicationFailure.newNonRetryableFailure(
          "rclone check: 1 differences found (backups/" + backupName + "/" + backupName
              + ".tar.gz: sizes differ)",
          "OffHostVerifyFailed");
    }
    offHost.put(
        backupName, new OffHostEntry(backupName, BackupPlan.takenAt(backupName), true, null));
    return copy(target, backupName, true);
  }

  @Override
  public List<OffHostEntry> listOffHost(OffHostTarget target) {
    call("listOffHost");
    return List.copyOf(offHost.values());
  }

  @Override
  public void deleteOffHost(OffHostTarget target, OffHostEntry entry) {
    call("deleteOffHost:" + entry.backupName());
    offHost.remove(entry.backupName());
  }

  private void call(String call) {
    calls.add(call);
    if (failAt != null && call.startsWith(failAt)) {
      throw ApplicationFailure.newNonRetryableFailure(failAt + " failed (injected)", "Injected");
    }
  }

  private static VeleroStatus status(String name, String phase) {
    return new VeleroStatus(
        "Backup",
        name,
        phase,
        phase.contains("Partially") ? 2 : 0,
        1,
        phase.equals("Failed") ? "plugin crashed" : null,
        List.of(),
        16,
        16,
        0,
        0,
        null,
        null);
  }

  private static OffHostCopy copy(OffHostTarget t, String name, boolean verified) {
    return new OffHostCopy(
        t.tool(),
        name,
        t.destination() + "/" + name,
        List.of(new OffHostCopy.CopiedFile("velero/" + name + ".tar.gz", 2048, "md5:0123")),
        2048,
        1,
        verified,
        null,
        List.of());
  }
}
