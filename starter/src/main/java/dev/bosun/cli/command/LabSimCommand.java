package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
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
        "  bosun plan init -i /tmp/lab/inventory.yaml; bosun init -i /tmp/lab/inventory.yaml --watch"
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

    @Override
    public Integer call() throws Exception {
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
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(
              () -> {
                lab.close();
                stopped.countDown();
              },
              "lab-sim-shutdown"));
      stopped.await();
      return ExitCodes.DONE;
    }
  }
}
