package dev.bosun.activities.labsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.activities.backup.BackupActivitiesImpl;
import dev.bosun.activities.backup.DrillActivitiesImpl;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.ScratchBucket;
import dev.bosun.workflows.activities.StagedFile;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.backup.Retention;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The off-host copy of OffHostBackup with {@code backup.offHost.runOn: w-1} on a lab: rclone runs on the lab host
 * over real SSH (lab-sim's rclone, held to the real one by RcloneContractTest), Velero's objects in the lab's bucket
 * (an s3 remote at the lab's endpoint), the NAS an alias of a folder on the host. Copy, verify, list and retention
 * for two backups, then bit rot in the kept copy caught by the next verification.
 */
class OffHostLabSimTest {

  private static final String CONFIG = "/home/bosun/.config/rclone/rclone.conf";
  private static final String OLDER = "bosun-lab1-20261205030000";
  private static final String NEWER = "bosun-lab1-20261207030000";

  @TempDir
  Path dir;

  private LabSim lab;
  private SshPool ssh;
  private BackupActivitiesImpl activities;
  private OffHostTarget target;

  @BeforeEach
  void start() throws Exception {
    lab = Lab.start(dir.resolve("lab"), 1);
    ssh = new SshPool(Lab.SETTINGS);
    activities = new BackupActivitiesImpl(null, ssh);
    Path config = lab.hostPath("w-1", CONFIG);
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        "[minio]\ntype = s3\nprovider = Other\nendpoint = http://s3.lab-sim.invalid\n\n"
            + "[nas]\ntype = alias\nremote = /srv/nas\n");
    // the staging folder: the same absolute path on the worker and on w-1 (/tmp is the lab user's
    // to write)
    target = new OffHostTarget(
        "rclone",
        "minio:velero",
        "nas:lab1",
        CONFIG,
        null,
        dir.resolve("staging").toString(),
        Lab.host(lab, "w-1"));
  }

  @AfterEach
  void stop() throws Exception {
    if (ssh != null) {
      ssh.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void testCopyVerifyListAndRetentionRunOnTheLabHost() throws Exception {
    List<StagedFile> olderStaged = backup(OLDER);
    activities.copyOffHost(target, OLDER, olderStaged);
    activities.verifyOffHost(target, OLDER, olderStaged);
    activities.removeStaging(target, OLDER);

    List<StagedFile> staged = backup(NEWER);
    OffHostCopy copy = activities.copyOffHost(target, NEWER, staged);
    OffHostCopy verified = activities.verifyOffHost(target, NEWER, staged);

    assertThat(copy.files())
        .extracting(OffHostCopy.CopiedFile::path)
        .containsExactlyInAnyOrder(
            "velero/velero-backup.json",
            "velero/" + NEWER + ".tar.gz",
            "velero/" + NEWER + "-logs.gz",
            "etcd/" + NEWER + "-etcd.db");
    assertThat(copy.transfers()).isEqualTo(4);
    assertThat(verified.verified()).isTrue();
    Path nas = lab.hostPath("w-1", "/srv/nas/lab1");
    assertThat(nas.resolve(NEWER + "/velero/" + NEWER + ".tar.gz"))
        .hasSameBinaryContentAs(
            lab.s3Dir().resolve("velero/backups/" + NEWER + "/" + NEWER + ".tar.gz"));
    assertThat(nas.resolve(NEWER + "/bosun-verified.json"))
        .content()
        .contains(staged.get(0).sha256(), "md5:");
    assertThat(lab.commandLog().forHost("w-1"))
        .extracting(CommandRecord::command)
        .anyMatch(c -> c.startsWith("'rclone' 'copy'"))
        .anyMatch(c -> c.startsWith("'rclone' 'check'"));

    List<OffHostEntry> entries = activities.listOffHost(target);
    assertThat(entries)
        .containsExactlyInAnyOrder(
            new OffHostEntry(OLDER, BackupPlan.takenAt(OLDER), true, null),
            new OffHostEntry(NEWER, BackupPlan.takenAt(NEWER), true, null));

    List<OffHostEntry> delete =
        Retention.toDelete(entries, NEWER, 1, 0, BackupPlan.takenAt(NEWER) + 60_000);
    assertThat(delete).extracting(OffHostEntry::backupName).containsExactly(OLDER);
    for (OffHostEntry e : delete) {
      activities.deleteOffHost(target, e);
      activities.deleteOffHost(target, e); // a retry: rclone purge exits 3, already gone
    }
    assertThat(activities.listOffHost(target))
        .extracting(OffHostEntry::backupName)
        .containsExactly(NEWER);
    assertThat(nas.resolve(OLDER)).doesNotExist();

    activities.removeStaging(target, NEWER);
    assertThat(lab.state().files("w-1").keySet())
        .noneMatch(k -> k.startsWith(dir.resolve("staging").toString()));
    assertThat(dir.resolve("staging/" + NEWER)).doesNotExist();

    // bit rot on the NAS after verification: the next check of that copy names the file
    lab.faults().corruptCopy("w-1", "/srv/nas/lab1");
    assertThatThrownBy(() -> activities.verifyOffHost(target, NEWER, List.of()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("OffHostVerifyFailed"))
        .hasMessageContaining("velero/" + NEWER + ".tar.gz: md5 differ");
  }

  @Test
  void testTheDrillsToolsRunOnTheLabHostToo() throws Exception {
    List<StagedFile> staged = backup(NEWER);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
      z.write("{\"v1/Namespace\":[\"shop\"]}".getBytes(StandardCharsets.UTF_8));
    }
    Files.write(
        lab.s3Dir().resolve("velero/backups/" + NEWER + "/" + NEWER + "-resource-list.json.gz"),
        gz.toByteArray());
    activities.copyOffHost(target, NEWER, staged);
    activities.verifyOffHost(target, NEWER, staged);
    Files.createDirectories(lab.s3Dir().resolve("drill-scratch"));
    DrillActivitiesImpl drill = new DrillActivitiesImpl(null, ssh);
    // the scratch bucket as w-1's rclone config names it: the worker has no config for it
    ScratchBucket bucket = new ScratchBucket("minio:drill-scratch", CONFIG, target.runOn());
    OffHostEntry entry = new OffHostEntry(NEWER, BackupPlan.takenAt(NEWER), true, null);
    int before = lab.commandLog().forHost("w-1").size();

    Map<String, String> restored = drill.restoreIntoScratchBucket(target, entry, bucket);

    assertThat(restored).containsKey(NEWER + "-resource-list.json.gz").hasSize(4);
    assertThat(drill.scratchObjectChecksums(bucket, NEWER)).isEqualTo(restored);
    assertThat(drill.backupResourceList(bucket, NEWER))
        .isEqualTo(Map.of("v1/Namespace", List.of("shop")));
    assertThat(lab.commandLog()
            .forHost("w-1")
            .subList(before, lab.commandLog().forHost("w-1").size()))
        .extracting(CommandRecord::command)
        .anyMatch(c -> c.startsWith("'rclone' 'copy'") && c.contains("minio:drill-scratch"))
        .anyMatch(c -> c.startsWith("'rclone' 'lsjson'") && c.contains("minio:drill-scratch"))
        .anyMatch(c -> c.startsWith("'rclone' 'cat'") && c.contains("resource-list.json.gz"));
  }

  @Test
  void testABackupNameWithNoObjectsInTheBucketFailsTheCopyAsEmpty() throws Exception {
    Files.createDirectories(lab.s3Dir().resolve("velero/backups"));

    // rclone copies an empty S3 prefix "successfully" and creates no folder: Bosun must not take
    // that for a copy
    assertThatThrownBy(() -> activities.copyOffHost(target, OLDER, List.of()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("OffHostCopyEmpty"))
        .hasMessageContaining("no Velero objects under minio:velero/backups/" + OLDER);
  }

  /** Velero's objects of one backup in the lab's bucket, and its etcd snapshot staged on the worker. */
  private List<StagedFile> backup(String name) throws Exception {
    Path objects = Files.createDirectories(lab.s3Dir().resolve("velero/backups/" + name));
    Random random = new Random(name.hashCode());
    byte[] tarball = new byte[9000];
    random.nextBytes(tarball);
    byte[] logs = new byte[500];
    random.nextBytes(logs);
    Files.writeString(objects.resolve("velero-backup.json"), "{\"kind\":\"Backup\"}\n");
    Files.write(objects.resolve(name + ".tar.gz"), tarball);
    Files.write(objects.resolve(name + "-logs.gz"), logs);
    // lab-sim's etcd snapshots are text (the lab's shell carries text)
    String snapshot = "etcd-snapshot revision=42 keys=7 size=4096 hash=1\n";
    Path etcd = Files.createDirectories(dir.resolve("staging/" + name + "/etcd"))
        .resolve(name + "-etcd.db");
    Files.writeString(etcd, snapshot);
    String sha256 = HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(snapshot.getBytes(StandardCharsets.UTF_8)));
    return List.of(new StagedFile(
        "cp-1",
        "/var/backups/" + name + "-etcd.db",
        "etcd/" + name + "-etcd.db",
        etcd.toString(),
        snapshot.length(),
        sha256));
  }
}
