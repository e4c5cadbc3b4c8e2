package dev.bosun.cli.demo;

import dev.bosun.activities.hypervisor.VagrantCommands;
import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.operation.BackupOperation;
import dev.bosun.cli.operation.DrillOperation;
import dev.bosun.cli.operation.InProcessWorker;
import dev.bosun.cli.operation.OperationRunner;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.sim.HypervisorHosts;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.kube.LabObjects;
import dev.bosun.sim.programs.rclone.Rclone;
import dev.bosun.worker.temporal.TemporalSettings;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.backup.BackupReport;
import dev.bosun.workflows.drill.DrillPlan;
import dev.bosun.workflows.drill.DrillReport;
import dev.bosun.workflows.drill.DrillRequest;
import dev.bosun.workflows.model.Inventory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bosun demo drill}: a lab of nodes with Velero (its bucket in the lab's s3/), a few namespaces of workloads, a
 * "NAS" on w-1 where {@code backup.offHost.runOn} copies to, and beside it a lab of hypervisor hosts for the drill's
 * scratch VMs (same SSH port and key, so one inventory reaches both); then {@code bosun backup} and {@code bosun drill}
 * through the commands' own code paths, drawn live, and the scratch lab's own word that no VM is left.
 */
public final class DrillDemo {

  public static final String CLUSTER = "demo";
  /** The injections: bit rot in the off-host copy after it verified; a backup that carries an older sentinel. */
  public static final List<String> INJECTIONS = List.of("corrupt-copy", "stale-sentinel");

  static final List<String> NAMESPACES = List.of("shop", "blog");
  /** The "NAS": a folder on w-1, behind the rclone alias {@code nas}. */
  static final String NAS = "/home/bosun/nas";

  public record Options(
      String inject, boolean plain, Path dir, Duration commandLatency, int objects) {}

  private final PrintWriter out;
  private final PrintWriter err;

  public DrillDemo(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /** What a run ended with: the exit code and both reports (null when that run did not report). */
  public record Outcome(int exit, BackupReport backup, DrillReport drill) {}

  public int run(Options o, TemporalSettings requested, Map<String, String> env) {
    return runAndReport(o, requested, env).exit();
  }

  public Outcome runAndReport(Options o, TemporalSettings requested, Map<String, String> env) {
    long started = System.currentTimeMillis();
    Path dir = o.dir() != null ? o.dir() : tempDir();
    LabSpec source = LabSpec.of(CLUSTER, 1, 2, "v1.30.6", dir.resolve("lab"))
        .withVelero(DrillLabInventory.BUCKET)
        .withCommandLatency(o.commandLatency());
    LabSpec scratchSpec = LabSpec.forInit(
            CLUSTER + "-drill", 1, 1, "v1.30.6", dir.resolve("scratch"))
        .withCommandLatency(o.commandLatency());
    out.println(
        "This is a simulated lab (lab-sim): 1 control plane + 2 workers with Velero, and "
            + HypervisorHosts.VAGRANT
            + " (Vagrant, libvirt) for the drill's scratch VMs, all speaking real SSH; no real VM is touched.");
    out.println(
        "every host command takes " + o.commandLatency().toMillis() + " ms; files in " + dir);
    try (LabSim lab = LabSim.start(source);
        LabSim scratch = LabSim.startBeside(scratchSpec, lab)) {
      Path inventoryFile = writeInventory(dir, lab, scratch);
      seedWorkloads(lab, o.objects());
      Inventory inventory = InitDemo.inventory(inventoryFile);
      out.println("inventory: " + inventoryFile + " (backup.offHost.runOn w-1: labs3:"
          + DrillLabInventory.BUCKET + " → nas:" + CLUSTER + "-velero; drill.scratch: "
          + inventory.drill().scratch().nodes().size() + " VMs on " + HypervisorHosts.VAGRANT
          + ")");
      if (requested.embedded()) {
        out.println(OperationRunner.EMBEDDED_NOTE);
      }
      out.flush();
      try (TemporalSession session = TemporalSession.open(requested, env, true);
          InProcessWorker worker = InProcessWorker.start(session)) {
        out.println();
        out.println("bosun backup -i " + inventoryFile);
        AtomicReference<BackupReport> backup = new AtomicReference<>();
        int backedUp = runner(o)
            .startAndFollow(
                session,
                new BackupOperation(
                    inventory, BackupPlan.of(inventory, System.currentTimeMillis())),
                backup::set);
        if (backedUp != ExitCodes.DONE) {
          out.println("the backup did not succeed: no drill");
          out.flush();
          return new Outcome(ExitCodes.FAILED, backup.get(), null);
        }
        inject(o.inject(), lab, backup.get().backupName());
        out.println();
        out.println("bosun drill -i " + inventoryFile);
        DrillRequest request = new DrillRequest(inventory, null, null);
        AtomicReference<DrillReport> drill = new AtomicReference<>();
        int drilled = runner(o)
            .startAndFollow(
                session,
                new DrillOperation(
                    request, DrillPlan.of(inventory, request, System.currentTimeMillis())),
                drill::set);
        boolean gone = scratchGone(scratch);
        out.println("demo took " + InitDemo.seconds(System.currentTimeMillis() - started));
        out.flush();
        return new Outcome(gone ? drilled : ExitCodes.FAILED, backup.get(), drill.get());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the lab in " + dir, e);
    }
  }

  private OperationRunner runner(Options o) {
    return new OperationRunner(out, err, true, o.plain(), OutputFormat.TEXT);
  }

  private void inject(String inject, LabSim lab, String backupName) throws IOException {
    if (inject == null) {
      return;
    }
    switch (inject) {
      case "corrupt-copy" -> {
        lab.faults().corruptCopy("w-1", NAS + "/" + CLUSTER + "-velero");
        out.println("inject: bit rot in the newest verified copy under w-1:" + NAS + "/" + CLUSTER
            + "-velero (lab-sim's corruptCopy: one byte of Velero's tarball inverted)");
      }
      case "stale-sentinel" -> {
        String copy = NAS + "/" + CLUSTER + "-velero/" + backupName;
        Instant older = StaleSentinel.rewrite(lab.hostPath("w-1", copy), backupName);
        out.println("inject: w-1:" + copy + " now carries a sentinel written at " + older + ", "
            + StaleSentinel.AGE.toMinutes()
            + " min before the backup, and its bosun-verified.json records the"
            + " tarball as it now is (an older backup's data copied and verified under this name)");
      }
      default ->
        throw new IllegalArgumentException(
            "--inject must be one of " + INJECTIONS + ", got '" + inject + "'");
    }
  }

  /**
   * The lab's inventory, with trustOnFirstUse (the scratch VMs' host keys are new), the backup section (Velero's
   * bucket to the NAS through rclone on w-1) and the drill section (scratch VMs on the Vagrant box of the lab beside).
   */
  private static Path writeInventory(Path dir, LabSim lab, LabSim scratch) throws IOException {
    String conf = dir.resolve("rclone.conf").toAbsolutePath().toString();
    // on w-1, where every rclone command of the backup and the drill runs (runOn): the lab's
    // buckets, the scratch bucket among them, and the NAS folder; this machine needs no rclone
    Path onHost = lab.hostPath("w-1", conf);
    Files.createDirectories(onHost.getParent());
    Files.writeString(
        onHost, DrillLabInventory.rcloneConfig("endpoint = " + Rclone.LAB_S3_ENDPOINT + "\n", NAS));
    Files.createDirectories(lab.hostPath("w-1", NAS));
    Files.createDirectories(lab.s3Dir().resolve(DrillLabInventory.SCRATCH_BUCKET));
    Path credentials = dir.resolve("s3-credentials");
    Files.writeString(credentials, lab.s3Credentials());
    return new DrillLabInventory(
            CLUSTER,
            NAMESPACES,
            true,
            conf,
            dir.resolve("staging").toAbsolutePath().toString(),
            "w-1",
            scratch.apiServerUrl(),
            scratch.host(HypervisorHosts.VAGRANT).address(),
            credentials.toAbsolutePath().toString(),
            lab.s3Url())
        .write(lab.inventoryFile(), dir);
  }

  /** Each namespace: a Deployment and {@code objects} ConfigMaps (the bench's 10× lab has more). */
  private static void seedWorkloads(LabSim lab, int objects) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(lab.kubeconfig()));
    try (KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build()) {
      for (String ns : NAMESPACES) {
        c.namespaces().resource(LabObjects.namespace(ns)).create();
        c.apps()
            .deployments()
            .inNamespace(ns)
            .resource(LabObjects.deployment(ns, ns, 2))
            .create();
        for (int i = 0; i < objects; i++) {
          c.configMaps()
              .inNamespace(ns)
              .resource(
                  LabObjects.configMap(ns, ns + "-config-" + i, Map.of("n", Integer.toString(i))))
              .create();
        }
      }
    }
  }

  /** The Vagrant box's own list: no VM of the scratch cluster left. */
  private boolean scratchGone(LabSim scratch) {
    String project = DrillLabInventory.scratchProject(CLUSTER);
    try {
      var r = scratch.run(HypervisorHosts.VAGRANT, VagrantCommands.status(project));
      out.println();
      out.println(HypervisorHosts.VAGRANT + "$ " + VagrantCommands.status(project));
      r.stdout().strip().lines().forEach(l -> out.println("  " + l));
      boolean gone = !r.stdout().contains(CLUSTER + "-drill-")
          // the lab's own hosts: a VM becomes one when created and stops being one when destroyed
          && scratch.state().hosts().stream()
              .noneMatch(h -> h.address().startsWith(DrillLabInventory.SCRATCH_ADDRESS_PREFIX));
      out.println(gone ? "scratch cluster: no VM left" : "scratch cluster: VMs LEFT BEHIND");
      return gone;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("bosun-demo-drill-");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary directory for the lab", e);
    }
  }
}
