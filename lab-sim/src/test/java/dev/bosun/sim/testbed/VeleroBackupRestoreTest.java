package dev.bosun.sim.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.kube.LabObjects;
import dev.bosun.sim.velero.VeleroApi;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract test of the test bed's real Velero: a namespace on the shared control plane is backed up through the
 * Backup CRD into s3proxy, the bucket holds what Velero writes, and a second ("scratch") control plane with its own
 * Velero, pointed read-only at the same bucket, restores it: the sentinel's data equal, the Deployment back. A
 * truncated backup tarball restores PartiallyFailed, naming the error. Skips, with the reason, where the test bed
 * or its Velero is not built.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VeleroBackupRestoreTest {

  private static final String BUCKET = "velero";
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  static Path dir;

  private S3Proxy s3;
  private VeleroServer source;
  private KubernetesClient kube;
  private String app;
  private String sentinel;

  /** Why the test bed cannot run these tests, or null; checked per test so that each one is reported skipped with it. */
  private String unavailable;

  @BeforeAll
  void startVeleroOnTheSharedControlPlane() {
    TestBed.Availability bed = TestBed.find();
    TestBed.VeleroAvailability velero = TestBed.velero();
    String noS3 = S3Proxy.unavailableReason();
    unavailable = !bed.available() ? bed.reason() : !velero.available() ? velero.reason() : noS3;
    if (unavailable != null) {
      return;
    }

    KubeControlPlane shared = timed("shared control plane", KubeControlPlane::shared);
    s3 = timed("s3proxy start", () -> S3Proxy.start(dir.resolve("s3"), BUCKET));
    source = timed(
        "velero server start (source)",
        () -> VeleroServer.start(
            velero,
            shared,
            "velero",
            VeleroServer.StorageLocation.of(s3, BUCKET, false),
            dir.resolve("velero-source")));
    kube = source.client();
    System.out.println("velero server start (source) steps: " + source.startupMillis());

    app = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    sentinel = UUID.randomUUID().toString();
    VeleroApi.seed(kube, app, Map.of("uuid", sentinel, "note", "written before the backup"));
  }

  @BeforeEach
  void assumeTestBed() {
    Assumptions.assumeTrue(unavailable == null, () -> "real Velero: " + unavailable);
  }

  @AfterAll
  void stop() {
    if (source != null) {
      // the shared control plane outlives this server: no Restore (with a finalizer only Velero
      // removes) stays behind
      timed("delete restores (source)", () -> {
        source.deleteRestores(Duration.ofSeconds(30));
        return null;
      });
      kube.namespaces().withName(app).delete();
      kube.namespaces().withName(app + "-copy").delete();
      source.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void aBackupOnTheSharedControlPlaneRestoresIntoAScratchOneFromTheSameBucket() throws IOException {
    String backup = "b-" + app;
    source.createBackup(backup, List.of(app));
    GenericKubernetesResource done =
        timed("backup", () -> source.awaitPhase("Backup", backup, PHASE_TIMEOUT));
    assertThat(VeleroServer.status(done)).containsEntry("phase", "Completed");

    String prefix = "backups/" + backup + "/";
    assertThat(s3.keys(BUCKET, prefix))
        .contains(
            prefix + "velero-backup.json",
            prefix + backup + ".tar.gz",
            prefix + backup + "-logs.gz",
            prefix + backup + "-resource-list.json.gz",
            prefix + backup + "-results.gz",
            prefix + backup + "-volumesnapshots.json.gz",
            prefix + backup + "-podvolumebackups.json.gz",
            prefix + backup + "-itemoperations.json.gz",
            prefix + backup + "-volumeinfo.json.gz");
    List<String> entries = tarEntries(s3.objectPath(BUCKET, prefix + backup + ".tar.gz"));
    assertThat(entries)
        .contains(
            "metadata/version",
            "resources/configmaps/namespaces/" + app + "/sentinel.json",
            "resources/deployments.apps/namespaces/" + app + "/web.json");

    try (KubeControlPlane scratch = timed(
            "scratch control plane start",
            () ->
                KubeControlPlane.start(source.controlPlane().binDir(), dir.resolve("scratch-cp")));
        VeleroServer drill = timed(
            "velero server start (scratch, ReadOnly)",
            () -> VeleroServer.start(
                TestBed.velero(),
                scratch,
                "velero",
                VeleroServer.StorageLocation.of(s3, BUCKET, true),
                dir.resolve("velero-scratch")))) {
      System.out.println("velero server start (scratch) steps: " + drill.startupMillis());
      timed("backup synced into scratch", () -> drill.awaitBackupSynced(backup, PHASE_TIMEOUT));
      String restore = "r-" + app;
      drill.createRestore(restore, backup);
      GenericKubernetesResource restored =
          timed("restore", () -> drill.awaitPhase("Restore", restore, PHASE_TIMEOUT));
      assertThat(VeleroServer.status(restored))
          .as("restore status")
          .containsEntry("phase", "Completed");

      KubernetesClient target = drill.client();
      ConfigMap cm = target.configMaps().inNamespace(app).withName("sentinel").get();
      assertThat(cm).as("sentinel restored").isNotNull();
      assertThat(cm.getData())
          .containsEntry("uuid", sentinel)
          .containsEntry("note", "written before the backup");
      Deployment web =
          target.apps().deployments().inNamespace(app).withName("web").get();
      assertThat(web).as("Deployment restored").isNotNull();
      assertThat(web.getSpec().getReplicas()).isEqualTo(2);
      assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(LabObjects.PAUSE_IMAGE);
      // accessMode ReadOnly is not read-only: the restore still uploads its logs and results to the
      // bucket
      assertThat(s3.keys(BUCKET, "restores/" + restore + "/"))
          .contains("restores/" + restore + "/restore-" + restore + "-logs.gz");
    }
  }

  @Test
  void aTruncatedBackupTarballRestoresPartiallyFailedNamingTheError() throws Exception {
    String backup = "t-" + app;
    source.createBackup(backup, List.of(app));
    assertThat(VeleroServer.status(source.awaitPhase("Backup", backup, PHASE_TIMEOUT)))
        .containsEntry("phase", "Completed");
    Path tarball = s3.objectPath(BUCKET, "backups/" + backup + "/" + backup + ".tar.gz");
    try (RandomAccessFile f = new RandomAccessFile(tarball.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }

    String restore = "tr-" + app;
    GenericKubernetesResource r =
        new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
            .withApiVersion(VeleroServer.API_VERSION)
            .withKind("Restore")
            .withNewMetadata()
            .withName(restore)
            .withNamespace(source.namespace())
            .endMetadata()
            .build();
    r.setAdditionalProperty(
        "spec", Map.of("backupName", backup, "namespaceMapping", Map.of(app, app + "-copy")));
    source.resources("Restore").resource(r).create();
    Map<String, Object> status = VeleroServer.status(timed(
        "restore of a truncated backup",
        () -> source.awaitPhase("Restore", restore, PHASE_TIMEOUT)));
    assertThat(status).containsEntry("phase", "PartiallyFailed");
    assertThat(((Number) status.get("errors")).intValue()).isPositive();
    String results = VeleroApi.gunzip(
        s3.objectPath(BUCKET, "restores/" + restore + "/restore-" + restore + "-results.gz"));
    assertThat(results).contains("unexpected EOF");
  }

  private static <T> T timed(String what, java.util.function.Supplier<T> step) {
    long t0 = System.nanoTime();
    T result = step.get();
    System.out.printf("%s: %d ms%n", what, (System.nanoTime() - t0) / 1_000_000);
    return result;
  }

  /** The entry names of a .tar.gz (ustar headers: name at 0..100, size in octal at 124..136, 512-byte blocks). */
  private static List<String> tarEntries(Path file) throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512) {
        String name = cString(header, 0, 100);
        if (name.isEmpty()) {
          break;
        }
        String prefix = cString(header, 345, 155);
        long size = Long.parseLong(
            cString(header, 124, 12).trim().isEmpty()
                ? "0"
                : cString(header, 124, 12).trim(),
            8);
        if (header[156] == '0' || header[156] == 0) {
          names.add(prefix.isEmpty() ? name : prefix + "/" + name);
        }
        in.skipNBytes((size + 511) / 512 * 512);
      }
    }
    return names;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.US_ASCII);
  }
}
