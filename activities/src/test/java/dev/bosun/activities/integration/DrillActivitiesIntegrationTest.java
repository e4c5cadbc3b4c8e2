package dev.bosun.activities.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.backup.BackupActivitiesImpl;
import dev.bosun.activities.backup.DrillActivitiesImpl;
import dev.bosun.activities.kube.KubeClients;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.testbed.KubeControlPlane;
import dev.bosun.sim.testbed.S3Proxy;
import dev.bosun.sim.testbed.TestBed;
import dev.bosun.sim.testbed.VeleroServer;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.ScratchBucket;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.VeleroBackupRequest;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.backup.VeleroPhase;
import dev.bosun.workflows.drill.ItemCounts;
import dev.bosun.workflows.drill.ObjectChecksums;
import dev.bosun.workflows.drill.SentinelCheck;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill's activities on real parts, the way the RestoreDrill runs them: a backup of the lab's control plane by
 * the real Velero into s3proxy (the backup's own activities: sentinel, Backup, rclone copy and verify to a folder
 * standing in for the NAS); then the drill verifies that copy, restores it into a scratch bucket, and a second
 * ("scratch") control plane with its own real Velero, its location ReadOnly at that bucket, syncs the backup and
 * restores it through the drill's Restore; the restored sentinel is this backup's own, the item counts agree, and
 * the backup's objects are unchanged. Stand-ins: the scratch cluster is the test bed's control plane, not a child
 * ClusterInit, and its Velero is started by the test bed, not by {@code velero install} over SSH (lab-sim's velero
 * program is not merged yet). Skips, with the reason, where the test bed, Velero, s3proxy or rclone is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DrillActivitiesIntegrationTest {

  private static final String BUCKET = "velero";
  private static final String SCRATCH_BUCKET = "drill-scratch";

  @TempDir
  static Path dir;

  private LabSim lab;
  private S3Proxy s3;
  private VeleroServer velero;
  private KubeControlPlane scratchPlane;
  private VeleroServer scratchVelero;
  private SshPool ssh;
  private KubeClients clients;
  private OffHostTarget target;
  private ClusterTarget cluster;

  @BeforeAll
  void start() throws Exception {
    TestBed.VeleroAvailability v = IntegrationLab.assumeRealBackupParts();
    lab = IntegrationLab.start("drill-lab", dir.resolve("lab"), 1, 1, LabSpec.ApiBackend.REAL);
    s3 = S3Proxy.start(dir.resolve("s3"), BUCKET, SCRATCH_BUCKET);
    velero = VeleroServer.start(
        v,
        lab.controlPlane(),
        "velero",
        VeleroServer.StorageLocation.of(s3, BUCKET, false),
        dir.resolve("velero"));
    IntegrationLab.shop(velero.client());
    Path rcloneConfig = IntegrationLab.rcloneConfig(s3, dir.resolve("rclone.conf"));
    target = new OffHostTarget(
        "rclone",
        "labs3:" + BUCKET,
        dir.resolve("nas").toString(),
        rcloneConfig.toString(),
        null,
        dir.resolve("staging").toString());
    ssh = new SshPool(ActivitySettings.defaults());
    clients = new KubeClients(ssh, Duration.ofSeconds(10));
    Inventory inv = IntegrationLab.inventory(lab);
    cluster = ClusterTarget.of(inv);
  }

  @AfterAll
  void stop() throws Exception {
    if (scratchVelero != null) {
      scratchVelero.deleteRestores(Duration.ofSeconds(30));
    }
    for (AutoCloseable c :
        new AutoCloseable[] {scratchVelero, scratchPlane, velero, s3, lab, clients, ssh}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void testACopiedBackupRestoresIntoAScratchClusterWithItsOwnSentinelAndItsObjectsUnchanged()
      throws Exception {
    BackupActivitiesImpl backup = new BackupActivitiesImpl(clients, ssh);
    DrillActivitiesImpl drill = new DrillActivitiesImpl(clients, ssh);
    String name = BackupPlan.name("lab1", System.currentTimeMillis());
    Sentinel written =
        backup.writeSentinel(cluster, UUID.randomUUID().toString(), System.currentTimeMillis());
    backup.createVeleroBackup(
        cluster,
        new VeleroBackupRequest(
            "velero", name, "default", List.of("shop"), List.of(), Map.of(), null));
    VeleroStatus b = backup.awaitVeleroBackup(cluster, "velero", name, Duration.ofSeconds(90));
    assertThat(VeleroPhase.judge(b, false).succeeded())
        .as(VeleroPhase.judge(b, false).reason())
        .isTrue();
    backup.copyOffHost(target, name, List.of());
    backup.verifyOffHost(target, name, List.of());
    OffHostEntry entry = backup.listOffHost(target).stream()
        .filter(e -> e.backupName().equals(name))
        .findFirst()
        .orElseThrow();

    // the drill: the copy verified again, then restored into the scratch bucket
    OffHostCopy copy = drill.verifyCopy(target, entry);
    ScratchBucket bucket = new ScratchBucket("labs3:" + SCRATCH_BUCKET, target.rcloneConfig());
    Map<String, String> before = drill.restoreIntoScratchBucket(target, entry, bucket);
    assertThat(ObjectChecksums.differences(ObjectChecksums.ofCopy(copy), before))
        .isEmpty();

    scratchPlane = KubeControlPlane.start(lab.controlPlane().binDir(), dir.resolve("scratch-cp"));
    scratchVelero = VeleroServer.start(
        TestBed.velero(),
        scratchPlane,
        "velero",
        VeleroServer.StorageLocation.of(s3, SCRATCH_BUCKET, true),
        dir.resolve("velero-scratch"));
    Path kubeconfig = dir.resolve("scratch.kubeconfig");
    Files.writeString(kubeconfig, scratchPlane.adminKubeconfig());
    ClusterTarget scratch = new ClusterTarget(
        "lab1-drill", "127.0.0.1:" + scratchPlane.apiPort(), null, kubeconfig.toString());

    VeleroStatus synced = drill.awaitBackupSynced(scratch, "velero", name, Duration.ofMinutes(3));
    assertThat(synced.phase()).isEqualTo("Completed");
    Map<String, List<String>> backedUp = drill.backupResourceList(bucket, name);
    String restore = name + "-drill";
    drill.createVeleroRestore(scratch, "velero", restore, name);
    VeleroStatus r = drill.awaitVeleroRestore(scratch, "velero", restore, Duration.ofSeconds(90));
    assertThat(VeleroPhase.judge(r, false).succeeded())
        .as(VeleroPhase.judge(r, false).reason())
        .isTrue();

    // ReadOnly still wrote restores/…, but nothing under the backup's own folder changed
    assertThat(ObjectChecksums.differences(before, drill.scratchObjectChecksums(bucket, name)))
        .isEmpty();
    Map<String, List<String>> restored = drill.restoreResourceList(bucket, restore);
    assertThat(ItemCounts.differences(ItemCounts.counts(backedUp), ItemCounts.counts(restored)))
        .as("restored %s of backed up %s", restored.keySet(), backedUp.keySet())
        .isEmpty();
    assertThat(ItemCounts.namespaces(backedUp)).contains("shop", Sentinel.NAMESPACE);
    Sentinel back = drill.readSentinel(scratch, Sentinel.NAMESPACE, "configmap/" + Sentinel.NAME);
    assertThat(back.uuid()).isEqualTo(written.uuid());
    assertThat(back.payloadSha256()).isEqualTo(written.payloadSha256());
    assertThat(SentinelCheck.problem(
            back,
            BackupPlan.takenAt(name),
            Instant.parse(synced.startTimestamp()).toEpochMilli()))
        .isNull();
    assertThat(drill.awaitWorkloads(scratch, "shop", Duration.ofSeconds(5)).ready())
        .isTrue();
  }
}
