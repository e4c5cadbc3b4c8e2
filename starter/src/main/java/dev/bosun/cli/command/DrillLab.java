package dev.bosun.cli.command;

import dev.bosun.cli.demo.DrillLabInventory;
import dev.bosun.sim.HypervisorHosts;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.kube.LabObjects;
import dev.bosun.sim.testbed.S3Proxy;
import dev.bosun.sim.testbed.TestBed;
import dev.bosun.sim.testbed.VeleroServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A lab that a restore drill can run on, on the real backend: the lab's nodes on a real control plane with the real
 * Velero server backing up into s3proxy (buckets {@value DrillLabInventory#BUCKET} and {@value DrillLabInventory#SCRATCH_BUCKET}), a namespace
 * {@code shop} to back up, a local folder standing in for the NAS, an rclone config naming both ({@code labs3:},
 * {@code nas:}; the real rclone runs on the worker's machine), and beside the lab a Vagrant host (same SSH port and
 * key) for {@code drill.scratch}'s VMs, whose control plane is a second real one. Its inventory carries the backup
 * and drill sections. For {@code bosun lab-sim start --api real --drill} and the drill's integration test.
 */
public final class DrillLab implements AutoCloseable {

  private final Path dir;
  private final String cluster;
  private LabSim lab;
  private LabSim scratch;
  private S3Proxy s3;
  private VeleroServer velero;
  private Path inventory;

  private DrillLab(Path dir, String cluster) {
    this.dir = dir;
    this.cluster = cluster;
  }

  /** Why a drill lab cannot run here (the test bed, its Velero, s3proxy or rclone missing); null when it can. */
  public static String unavailableReason() {
    TestBed.Availability bed = TestBed.find();
    if (!bed.available()) {
      return "real API backend: " + bed.reason();
    }
    TestBed.VeleroAvailability v = TestBed.velero();
    if (!v.available()) {
      return "real Velero: " + v.reason();
    }
    if (S3Proxy.unavailableReason() != null) {
      return "s3proxy: " + S3Proxy.unavailableReason();
    }
    boolean rclone = java.util.stream.Stream.of(
            System.getenv("PATH").split(java.io.File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "rclone")));
    return rclone ? null : "rclone is not installed (apt-get install rclone)";
  }

  /** Starts it in {@code dir}: 1 control plane + {@code workers} workers at {@code version}. */
  public static DrillLab start(Path dir, String cluster, int workers, String version)
      throws IOException {
    DrillLab d = new DrillLab(dir, cluster);
    try {
      d.lab = LabSim.start(LabSpec.of(cluster, 1, workers, version, dir.resolve("lab"))
          .withApi(LabSpec.ApiBackend.REAL));
      d.scratch = LabSim.startBeside(
          LabSpec.forInit(cluster + "-drill", 1, 1, version, dir.resolve("scratch"))
              .withApi(LabSpec.ApiBackend.REAL),
          d.lab);
      d.s3 = S3Proxy.start(
          dir.resolve("s3"), DrillLabInventory.BUCKET, DrillLabInventory.SCRATCH_BUCKET);
      d.velero = VeleroServer.start(
          TestBed.velero(),
          d.lab.controlPlane(),
          "velero",
          VeleroServer.StorageLocation.of(d.s3, DrillLabInventory.BUCKET, false),
          dir.resolve("velero"));
      d.seed();
      d.inventory = d.writeInventory();
      return d;
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  public Path inventory() {
    return inventory;
  }

  /** The NAS folder: one folder per backup copy under {@code <cluster>-velero/}. */
  public Path nas() {
    return dir.resolve("nas");
  }

  public LabSim lab() {
    return lab;
  }

  /** The lab of the Vagrant host the drill's scratch VMs are made on. */
  public LabSim scratch() {
    return scratch;
  }

  public S3Proxy s3() {
    return s3;
  }

  /** drill.scratch.hypervisor.project. */
  public String scratchProject() {
    return DrillLabInventory.scratchProject(cluster);
  }

  /**
   * Namespace shop: a ConfigMap and a 2-replica Deployment the restore must bring back (its pods scheduled and run
   * on the scratch cluster's kwok nodes by the real scheduler and kwok: the drill's workloads-ready check).
   */
  private void seed() {
    var kube = velero.client();
    kube.namespaces().resource(LabObjects.namespace("shop")).createOr(n -> n.update());
    kube.configMaps()
        .inNamespace("shop")
        .resource(LabObjects.configMap("shop", "orders", Map.of("count", "42")))
        .createOr(c -> c.update());
    kube.apps()
        .deployments()
        .inNamespace("shop")
        .resource(LabObjects.deployment("shop", "web", 2))
        .createOr(d -> d.update());
  }

  /** The lab's inventory plus the backup (rclone on this machine) and drill (scratch VMs beside) sections. */
  private Path writeInventory() throws IOException {
    Path nas = Files.createDirectories(nas());
    Path rcloneConfig = dir.resolve("rclone.conf");
    // the credentials stay in rclone's config and a credentials file: the inventory names their
    // paths
    Files.writeString(
        rcloneConfig,
        DrillLabInventory.rcloneConfig(
            "access_key_id = " + s3.accessKey() + "\nsecret_access_key = " + s3.secretKey()
                + "\nendpoint = " + s3.url() + "\nregion = us-east-1\n",
            nas.toString()));
    Path credentials = dir.resolve("s3-credentials");
    Files.writeString(credentials, s3.awsCredentialsFile());
    return new DrillLabInventory(
            cluster,
            List.of("shop"),
            false,
            rcloneConfig.toAbsolutePath().toString(),
            dir.resolve("staging").toAbsolutePath().toString(),
            null,
            scratch.apiServerUrl(),
            scratch.host(HypervisorHosts.VAGRANT).address(),
            credentials.toAbsolutePath().toString(),
            s3.url())
        .write(lab.inventoryFile(), dir);
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {velero, s3, scratch, lab}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // closing the rest matters more: every part is a process or a port
        }
      }
    }
  }
}
