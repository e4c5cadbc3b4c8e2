package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.demo.DrillLabInventory;
import dev.bosun.sim.HypervisorHosts;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.SimHost;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "lab-sim",
    mixinStandardHelpOptions = true,
    description =
        "Run the simulated lab (hosts speaking real SSH, a Kubernetes API) for experiments.",
    subcommands = LabSimCommand.Start.class,
    footer = {
      "",
      "Example:",
      "  bosun lab-sim start --control-planes 3 --workers 5 --version v1.30.6 --dir /tmp/lab"
    })
public final class LabSimCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }

  @Command(
      name = "start",
      description = "Start a lab and print where everything is; it runs until Ctrl-C.",
      footer = {
        "",
        "Example:",
        "  bosun lab-sim start --control-planes 3 --workers 5 --version v1.30.6 --dir /tmp/lab",
        "  bosun lab-sim start --api real --dir /tmp/lab     # on a real kube-apiserver with kwok nodes",
        "  # then, in another shell:",
        "  kubectl --kubeconfig /tmp/lab/admin.conf get nodes",
        "  bosun validate -i /tmp/lab/inventory.yaml",
        "  bosun upgrade -i /tmp/lab/inventory.yaml --to v1.31.2 --watch",
        "  bosun lab-sim start --for-init --control-planes 3 --workers 3 --dir /tmp/lab   # hypervisor hosts, no node yet",
        "  bosun plan init -i /tmp/lab/inventory.yaml; bosun init -i /tmp/lab/inventory.yaml --watch",
        "  bosun lab-sim start --api real --drill --dir /tmp/drill   # Velero, a NAS folder, hosts for drill.scratch",
        "  bosun backup -i /tmp/drill/drill-inventory.yaml; bosun drill -i /tmp/drill/drill-inventory.yaml"
      })
  static final class Start implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
        names = "--cluster",
        defaultValue = "lab",
        paramLabel = "NAME",
        description = "Cluster name. Default: ${DEFAULT-VALUE}.")
    String cluster;

    @Option(
        names = "--control-planes",
        defaultValue = "3",
        paramLabel = "N",
        description = "Default: ${DEFAULT-VALUE}.")
    int controlPlanes;

    @Option(
        names = "--workers",
        defaultValue = "5",
        paramLabel = "N",
        description = "Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(
        names = "--version",
        defaultValue = "v1.30.6",
        paramLabel = "vX.Y.Z",
        description = "Kubernetes version of the lab. Default: ${DEFAULT-VALUE}.")
    String version;

    @Option(
        names = "--faults",
        paramLabel = "FILE",
        description = "Fault spec YAML (docs/lab-sim.md).")
    Path faults;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description =
            "Where the key, known_hosts, kubeconfig and inventory go (default: a temporary directory).")
    Path dir;

    @Option(
        names = "--for-init",
        description =
            "A lab for bosun init: Vagrant, Hyper-V (Windows 10 Pro) and UTM hosts and no node;"
                + " --control-planes and --workers size the inventory's VMs.")
    boolean forInit;

    @Option(
        names = "--api",
        paramLabel = "sim|real",
        defaultValue = "sim",
        description = ApiBackendOption.DESCRIPTION)
    String api;

    @Option(
        names = "--drill",
        description =
            "A lab a backup and a restore drill run on (--api real only): 1 control plane + --workers (default 1) with"
                + " the real Velero server on s3proxy, a namespace shop, a local NAS folder (rclone), and beside"
                + " it a Vagrant host for drill.scratch's VMs (their control plane a second real one); its"
                + " inventory (drill-inventory.yaml) has the backup and drill sections.")
    boolean drill;

    @Override
    public Integer call() throws Exception {
      if (drill) {
        return startDrillLab();
      }
      if (faults != null && !Files.isReadable(faults)) {
        throw new IllegalArgumentException("--faults: cannot read " + faults);
      }
      LabSpec.ApiBackend backend = ApiBackendOption.parse(api);
      Path workDir = dir != null ? dir : Files.createTempDirectory("bosun-lab-");
      LabSpec labSpec = (forInit
              ? LabSpec.forInit(cluster, controlPlanes, workers, version, workDir)
              : LabSpec.of(cluster, controlPlanes, workers, version, workDir))
          .withFaultsYaml(faults == null ? null : faults.toAbsolutePath().toString())
          .withApi(backend);
      ApiBackendOption.prepare(backend, spec.commandLine().getErr());
      LabSim lab = LabSim.start(labSpec);
      PrintWriter out = spec.commandLine().getOut();
      out.println("lab-sim " + cluster + ": " + (forInit ? "hypervisor hosts for an init of " : "")
          + controlPlanes
          + " control planes + " + workers + " workers at " + version
          + (backend == LabSpec.ApiBackend.REAL
              ? " (simulated hosts with real SSH; a real Kubernetes control plane with kwok nodes; no VM is touched)"
              : " (simulated: real SSH, a simulated Kubernetes API; no VM is touched)"));
      out.println("  SSH port:    " + lab.sshPort() + " on every host address (user bosun)");
      for (SimHost h : lab.hosts()) {
        out.println(String.format("  %-12s %-13s %s", h.name(), h.role(), h.address()));
      }
      out.println("  API server:  " + lab.apiServerUrl()
          + (lab.controlPlane() == null
              ? ""
              : "  (kube-apiserver; component logs in " + lab.controlPlane().logDir()
                  + ", kubectl: " + lab.controlPlane().kubectl() + ")"));
      out.println("  private key: " + lab.privateKey());
      out.println("  known_hosts: " + lab.knownHosts());
      out.println("  kubeconfig:  " + lab.kubeconfig());
      out.println("  inventory:   " + lab.inventoryFile() + "  (bosun validate -i "
          + lab.inventoryFile() + ")");
      out.println("Ctrl-C stops the lab.");
      out.flush();
      return runUntilStopped(lab);
    }

    private int startDrillLab() throws Exception {
      if (ApiBackendOption.parse(api) != LabSpec.ApiBackend.REAL || forInit || faults != null) {
        throw new IllegalArgumentException(
            "--drill needs --api real (the real Velero, s3proxy and rclone) and neither --for-init nor --faults");
      }
      var given = spec.commandLine().getParseResult();
      if (given.hasMatchedOption("--control-planes") && controlPlanes != 1) {
        throw new IllegalArgumentException(
            "--drill: --control-planes must be 1, got " + controlPlanes);
      }
      int drillWorkers = given.hasMatchedOption("--workers") ? workers : 1;
      ApiBackendOption.prepare(LabSpec.ApiBackend.REAL, spec.commandLine().getErr());
      String missing = DrillLab.unavailableReason();
      if (missing != null) {
        throw new IllegalArgumentException("--drill: " + missing);
      }
      Path workDir = dir != null ? dir : Files.createTempDirectory("bosun-drill-lab-");
      DrillLab d = DrillLab.start(workDir, cluster, drillWorkers, version);
      PrintWriter out = spec.commandLine().getOut();
      out.println("lab-sim " + cluster + " for a restore drill: 1 control plane + " + drillWorkers
          + " workers at " + version
          + " (real control plane, kwok nodes; real Velero, s3proxy, rclone)");
      out.println("  API server:  " + d.lab().apiServerUrl());
      out.println(
          "  Velero:      namespace velero, location default → s3://" + DrillLabInventory.BUCKET
              + " at " + d.s3().url() + " (objects in " + d.s3().dataDir() + ")");
      out.println("  NAS:         " + d.nas() + " (rclone remote nas:)");
      out.println("  scratch:     " + HypervisorHosts.VAGRANT + " for drill.scratch's VMs, project "
          + d.scratchProject() + "; scratch API server " + d.scratch().apiServerUrl());
      out.println("  kubeconfig:  " + d.lab().kubeconfig());
      out.println("  inventory:   " + d.inventory() + "  (bosun backup -i …; bosun drill -i …)");
      out.println("Ctrl-C stops the lab.");
      out.flush();
      return runUntilStopped(d);
    }

    private static int runUntilStopped(AutoCloseable lab) throws InterruptedException {
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(
              () -> {
                try {
                  lab.close();
                } catch (Exception e) {
                  // the JVM ends anyway; each part also has its own watchdog
                }
                stopped.countDown();
              },
              "lab-sim-shutdown"));
      stopped.await();
      return ExitCodes.DONE;
    }
  }
}
