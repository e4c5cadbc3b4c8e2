package dev.bosun.activities.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.backup.BackupActivitiesImpl;
import dev.bosun.activities.kube.KubeClients;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.testbed.S3Proxy;
import dev.bosun.sim.testbed.TestBed;
import dev.bosun.sim.testbed.VeleroServer;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.backup.BackupReport;
import dev.bosun.workflows.backup.BackupRequest;
import dev.bosun.workflows.backup.BackupResult;
import dev.bosun.workflows.backup.BackupStep;
import dev.bosun.workflows.backup.BackupText;
import dev.bosun.workflows.backup.OffHostBackupWorkflow;
import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.model.Inventory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OffHostBackup end to end on real parts: Bosun's workflow and real activities on a real-time Temporal; a lab-sim
 * control plane over real SSH (the etcd snapshot, fetched off it with its SHA-256); the real kube-apiserver of the
 * test bed; the real Velero server backing up through its CRD into s3proxy; the real rclone copying the bucket's
 * objects into a local directory standing in for the NAS and checking them. Skips, with the reason, where the test
 * bed, its Velero, s3proxy or rclone is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OffHostBackupIntegrationTest {

  private static final String BUCKET = "velero";
  /** Set for the tests by surefire (activities/pom.xml): the restic password reaches restic by this name only. */
  static final String RESTIC_PASSWORD_ENV = "BOSUN_IT_RESTIC_PASSWORD";

  @TempDir
  static Path dir;

  private RealTimeTemporal temporal;
  private LabSim lab;
  private S3Proxy s3;
  private VeleroServer velero;
  private KubernetesClient kube;
  private Path nas;
  private Path rcloneConfig;
  private Inventory inventory;
  private final List<WorkflowExecution> runs = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    TestBed.VeleroAvailability v = IntegrationLab.assumeRealBackupParts();

    temporal = new RealTimeTemporal();
    lab = IntegrationLab.start("backup-lab", dir.resolve("lab"), 1, 1, LabSpec.ApiBackend.REAL);
    s3 = S3Proxy.start(dir.resolve("s3"), BUCKET);
    velero = VeleroServer.start(
        v,
        lab.controlPlane(), // the lab's own: the shared one when free, a private one when another
        // lab holds it
        "velero",
        VeleroServer.StorageLocation.of(s3, BUCKET, false),
        dir.resolve("velero"));
    kube = velero.client();
    IntegrationLab.shop(kube);
    // the credentials live in rclone's config file; the inventory names only its path
    rcloneConfig = IntegrationLab.rcloneConfig(s3, dir.resolve("rclone.conf"));
    nas = dir.resolve("nas");
    inventory = backupInventory(IntegrationLab.inventory(lab), "rclone", nas.toString(), 1);
  }

  @AfterAll
  void stop() throws Exception {
    if (kube != null) {
      kube.namespaces().withName("shop").delete();
      kube.namespaces().withName("bosun-sentinel").delete();
    }
    for (AutoCloseable c : new AutoCloseable[] {velero, s3, lab, temporal}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void testTwoBackupsCopiedVerifiedAndRetainedThenACorruptCopyIsCaught() throws Exception {
    BackupReport first = backup();
    System.out.println(BackupText.report(first));

    assertThat(first.result()).as(first.reason()).isEqualTo(BackupResult.SUCCEEDED);
    String name = first.backupName();
    // Velero's layout in the bucket, written by the real server
    assertThat(s3.keys(BUCKET, "backups/" + name + "/"))
        .contains(
            "backups/" + name + "/velero-backup.json",
            "backups/" + name + "/" + name + ".tar.gz",
            "backups/" + name + "/" + name + "-logs.gz",
            "backups/" + name + "/" + name + "-resource-list.json.gz");
    assertThat(first.velero().phase()).isEqualTo("Completed");
    assertThat(first.velero().itemsDone()).isPositive().isEqualTo(first.velero().totalItems());
    // the same objects, byte for byte, in the NAS folder; the etcd snapshot beside them; the marker
    // last
    for (String key : s3.keys(BUCKET, "backups/" + name + "/")) {
      Path copy = nas.resolve(name)
          .resolve("velero")
          .resolve(key.substring(("backups/" + name + "/").length()));
      assertThat(copy).hasSameBinaryContentAs(s3.objectPath(BUCKET, key));
    }
    Path etcd = nas.resolve(name).resolve(first.etcd().name());
    assertThat(BackupActivitiesImplSha.sha256(etcd)).isEqualTo(first.etcd().sha256());
    assertThat(nas.resolve(name).resolve("bosun-verified.json")).exists();
    assertThat(first.copy().verified()).isTrue();
    assertThat(first.copy().files())
        .anyMatch(
            f -> f.path().equals("velero/" + name + ".tar.gz") && f.checksum().startsWith("md5:"));
    // the sentinel the backup carries
    ConfigMap sentinel =
        kube.configMaps().inNamespace("bosun-sentinel").withName("sentinel").get();
    assertThat(sentinel.getData())
        .containsEntry("uuid", first.sentinel().uuid())
        .containsEntry("sha256", first.sentinel().payloadSha256());
    // Velero's resource list of the backup names the sentinel: a restore will bring it back
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(
        s3.objectPath(BUCKET, "backups/" + name + "/" + name + "-resource-list.json.gz")))) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("bosun-sentinel/sentinel")
          .contains("shop/orders");
    }
    assertThat(first.stepMillis().keySet())
        .containsExactly(
            "validate",
            "sentinel",
            "etcd-snapshot",
            "velero-backup",
            "off-host-copy",
            "verify",
            "clean-staging",
            "retention");
    // the staged snapshot went once the copy verified; the staging folder itself stays for the next
    // run
    assertThat(dir.resolve("staging").resolve(name)).doesNotExist();
    assertThat(dir.resolve("staging")).isDirectory();

    Thread.sleep(1100); // backup names are per second
    BackupReport second = backup();
    assertThat(second.result()).as(second.reason()).isEqualTo(BackupResult.SUCCEEDED);
    assertThat(second.deleted()).containsExactly(name); // keepLast 1, after the second verified
    assertThat(nas.resolve(name)).doesNotExist();
    assertThat(nas.resolve(second.backupName()).resolve("bosun-verified.json")).exists();
    assertThat(searchAttribute()).isEqualTo("succeeded");

    // one byte more in the copy's tarball: rclone check against the bucket says so
    Path tarball =
        nas.resolve(second.backupName()).resolve("velero").resolve(second.backupName() + ".tar.gz");
    Files.write(tarball, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    try (SshPool ssh = new SshPool(ActivitySettings.defaults());
        KubeClients clients = new KubeClients(ssh, Duration.ofSeconds(10))) {
      BackupActivitiesImpl activities = new BackupActivitiesImpl(clients, ssh);
      OffHostTarget target = target(inventory);
      assertThatThrownBy(() -> activities.verifyOffHost(target, second.backupName(), List.of()))
          .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo("OffHostVerifyFailed");
            assertThat(f.getOriginalMessage())
                .contains("velero/" + second.backupName() + ".tar.gz: sizes differ");
          });
    }

    // no credential in either run's history
    for (String history : histories()) {
      assertThat(history).doesNotContain(s3.secretKey()).doesNotContain(s3.accessKey());
    }
  }

  @Test
  void testAFailedValidationAndAFailedCopyEndTheRunWithNothingLeftOffHost() throws Exception {
    // a storage location Velero does not have: the real server ends the Backup FailedValidation
    BackupSpec b = inventory.backup();
    Inventory noSuchLocation = inventory.withBackup(new BackupSpec(
        new BackupSpec.VeleroSpec(
            b.velero().namespace(),
            "offsite",
            b.velero().includeNamespaces(),
            b.velero().excludeNamespaces(),
            b.velero().selector(),
            b.velero().ttl(),
            true,
            b.velero().timeout()),
        b.offHost(),
        b.etcdSnapshot()));
    Thread.sleep(1100); // backup names are per second
    BackupReport invalid = backup(noSuchLocation);
    assertThat(invalid.result()).isEqualTo(BackupResult.FAILED);
    assertThat(invalid.failedStep()).isEqualTo(BackupStep.VELERO_BACKUP);
    assertThat(invalid.velero().phase()).isEqualTo("FailedValidation");
    assertThat(invalid.reason()).contains("FailedValidation").contains("offsite");
    assertThat(nas.resolve(invalid.backupName())).doesNotExist();

    // a destination rclone cannot write (its parent is a file): the copy fails, nothing stays there
    Path notADirectory = Files.writeString(dir.resolve("nas-is-a-file"), "x");
    Inventory unwritable = backupInventory(
        IntegrationLab.inventory(lab), "rclone", notADirectory.resolve("copies").toString(), 1);
    Thread.sleep(1100);
    BackupReport failed = backup(unwritable);
    assertThat(failed.result()).isEqualTo(BackupResult.FAILED);
    assertThat(failed.failedStep()).isEqualTo(BackupStep.OFF_HOST_COPY);
    assertThat(failed.reason()).contains("rclone copy");
    assertThat(Files.readString(notADirectory)).isEqualTo("x");
    // the staged snapshot stays for a look at what failed (it is removed only after a verified
    // copy)
    assertThat(dir.resolve("staging")
            .resolve(failed.backupName())
            .resolve(failed.etcd().name()))
        .exists();
  }

  @Test
  void testAResticCopyIsCheckedAndACorruptPackIsCaught() throws Exception {
    Assumptions.assumeTrue(
        TestBed.toolUnavailableReason("restic") == null,
        () -> TestBed.toolUnavailableReason("restic"));
    String password = System.getenv(RESTIC_PASSWORD_ENV);
    Assumptions.assumeTrue(
        password != null, RESTIC_PASSWORD_ENV + " is set by surefire's configuration only");
    Path repository = dir.resolve("restic-repo");
    Inventory restic =
        backupInventory(IntegrationLab.inventory(lab), "restic", repository.toString(), 1);
    Thread.sleep(1100); // backup names are per second

    BackupReport r = backup(restic);
    System.out.println(BackupText.report(r));

    assertThat(r.result()).as(r.reason()).isEqualTo(BackupResult.SUCCEEDED);
    assertThat(r.copy().snapshotId()).matches("[0-9a-f]{64}");
    assertThat(r.copy().files())
        .extracting(f -> f.path())
        .contains(
            "velero/" + r.backupName() + ".tar.gz",
            "velero/velero-backup.json",
            r.etcd().name());
    assertThat(r.copy().verified()).isTrue();
    // restic's input (the Velero objects and the snapshot) is gone once the snapshot verified
    assertThat(dir.resolve("staging").resolve(r.backupName())).doesNotExist();

    // a second backup: keepLast 1 forgets (and prunes) the first snapshot, after the second
    // verified
    Thread.sleep(1100);
    BackupReport next = backup(restic);
    assertThat(next.result()).as(next.reason()).isEqualTo(BackupResult.SUCCEEDED);
    assertThat(next.deleted()).containsExactly(r.backupName());
    ProcessBuilder snapshots = new ProcessBuilder(
        "restic", "-r", repository.toString(), "--no-cache", "snapshots", "--json");
    snapshots.environment().put("RESTIC_PASSWORD", password);
    Process p = snapshots.start();
    String json =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(json).contains(next.backupName()).doesNotContain(r.backupName());

    // a flipped byte in a data pack: restic check --read-data-subset reads it back and fails
    Path pack;
    try (Stream<Path> files = Files.walk(repository.resolve("data"))) {
      pack = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(pack);
    bytes[bytes.length / 2] ^= 0x5a;
    pack.toFile().setWritable(true);
    Files.write(pack, bytes);
    try (SshPool ssh = new SshPool(ActivitySettings.defaults());
        KubeClients clients = new KubeClients(ssh, Duration.ofSeconds(10))) {
      OffHostTarget target = target(restic);
      assertThatThrownBy(() -> new BackupActivitiesImpl(clients, ssh)
              .verifyOffHost(target, next.backupName(), List.of()))
          .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo("OffHostVerifyFailed");
            assertThat(f.getOriginalMessage())
                .contains("restic check exited 1")
                .doesNotContain(password);
          });
    }
    for (String history : histories()) {
      assertThat(history).doesNotContain(password).doesNotContain(s3.secretKey());
    }
  }

  // ---- helpers ----

  private BackupReport backup() {
    return backup(inventory);
  }

  private BackupReport backup(Inventory inventory) {
    OffHostBackupWorkflow wf = temporal
        .client()
        .newWorkflowStub(
            OffHostBackupWorkflow.class,
            RealTimeTemporal.options(WorkflowIds.mutation(inventory.cluster())));
    runs.add(WorkflowClient.start(wf::backup, new BackupRequest(inventory)));
    try {
      return io.temporal.client.WorkflowStub.fromTyped(wf).getResult(BackupReport.class);
    } catch (io.temporal.client.WorkflowFailedException e) {
      if (e.getCause() instanceof ApplicationFailure af && af.getType().equals("BackupFailed")) {
        return af.getDetails().get(BackupReport.class);
      }
      throw e;
    }
  }

  private Inventory backupInventory(Inventory i, String tool, String destination, int keepLast) {
    BackupSpec spec = new BackupSpec(
        new BackupSpec.VeleroSpec(
            "velero",
            "default",
            List.of("shop"),
            List.of(),
            Map.of(),
            Duration.ofHours(24),
            false,
            Duration.ofMinutes(2)),
        new BackupSpec.OffHostSpec(
            tool,
            "labs3:" + BUCKET,
            destination,
            tool.equals("restic") ? RESTIC_PASSWORD_ENV : null,
            keepLast,
            0,
            rcloneConfig.toString(),
            dir.resolve("staging").toString()),
        true);
    return i.withBackup(spec);
  }

  private static OffHostTarget target(Inventory inv) {
    BackupSpec.OffHostSpec o = inv.backup().offHost();
    return new OffHostTarget(
        o.tool(), o.source(), o.destination(), o.rcloneConfig(), o.passwordEnv(), o.stagingDir());
  }

  private String searchAttribute() {
    return temporal
        .client()
        .newUntypedWorkflowStub(WorkflowIds.mutation(inventory.cluster()))
        .describe()
        .getTypedSearchAttributes()
        .get(BosunSearchAttributes.BACKUP_RESULT);
  }

  private List<String> histories() {
    List<String> histories = new ArrayList<>();
    for (WorkflowExecution run : runs) {
      histories.add(temporal
          .client()
          .getWorkflowServiceStubs()
          .blockingStub()
          .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace("default")
              .setExecution(run)
              .build())
          .getHistory()
          .toString());
    }
    assertThat(histories).isNotEmpty().allMatch(h -> h.contains("OffHostBackup"));
    return histories;
  }

  /** SHA-256 of a file, as the report's checksums are written. */
  static final class BackupActivitiesImplSha {
    static String sha256(Path p) throws IOException {
      try {
        return java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
