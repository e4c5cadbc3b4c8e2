package dev.bosun.cli.command;

import dev.bosun.cli.demo.Demo;
import dev.bosun.cli.demo.DemoFault;
import dev.bosun.workflows.model.KubeVersion;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    subcommands = {DemoInitCommand.class, DemoDrillCommand.class},
    description = {
      "A real rolling upgrade of a simulated lab (lab-sim: hosts speaking real SSH, a simulated Kubernetes API),",
      "with an in-process Temporal (or --address) and worker, drawn live, then the report. Under two minutes.",
      "--fail-node/--fail-step make one step fail on one node to show the operator flow.",
      "'bosun demo init' builds a cluster on simulated Vagrant, Hyper-V and UTM hosts instead (see its --help)."
    },
    footer = {
      "",
      "Examples:",
      "  bosun demo",
      "  bosun demo --fail-node w-3 --fail-step kubelet-restart --auto-resolve retry",
      "  bosun demo --fail-node w-3 --fail-step kubelet-restart --auto-resolve abort",
      "  bosun demo --address 127.0.0.1:7233 --fail-node w-3 --fail-step kubelet-restart   # after temporal-dev/start",
      "  bosun demo --nodes 1+2 --from v1.30.6 --to v1.31.2",
      "",
      "Exit: 0 every node at the target and none cordoned, 1 failed or aborted,",
      "5 waiting for an operator (embedded, without --auto-resolve)."
    })
public final class DemoCommand implements Callable<Integer> {

  private static final Pattern NODES = Pattern.compile("(\\d{1,3})\\+(\\d{1,4})");

  @Mixin
  DemoLabOptions lab;

  @Option(
      names = "--nodes",
      paramLabel = "CP+W",
      defaultValue = "3+5",
      description = "Control planes + workers. Default: ${DEFAULT-VALUE}.")
  String nodes;

  @Option(
      names = "--from",
      paramLabel = "vX.Y.Z",
      defaultValue = Demo.DEFAULT_FROM,
      description = "The lab's version. Default: ${DEFAULT-VALUE}.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "vX.Y.Z",
      description = "Target. Default: the latest patch of the next minor in the lab's repository.")
  String to;

  @Option(
      names = "--fail-node",
      paramLabel = "NODE",
      description = "Make a step fail on this node (with --fail-step).")
  String failNode;

  @Option(
      names = "--fail-step",
      paramLabel = "STEP",
      description =
          "kubeadm-package, kubeadm-upgrade, kubelet-packages, kubelet-restart or wait-ready.")
  String failStep;

  @Mixin
  AutoResolveOption autoResolve;

  @Option(
      names = "--command-latency",
      paramLabel = "DURATION",
      defaultValue = "100ms",
      description = "How long every simulated host command takes. Default: ${DEFAULT-VALUE}.")
  String commandLatency;

  @Option(
      names = "--not-ready",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description =
          "How long a node is NotReady after its kubelet restarts. Default: ${DEFAULT-VALUE}.")
  String notReady;

  @Option(
      names = "--api",
      paramLabel = "sim|real",
      defaultValue = "sim",
      description = ApiBackendOption.DESCRIPTION)
  String api;

  @Override
  public Integer call() {
    DemoLabOptions.Nodes n = DemoLabOptions.Nodes.parse(NODES, nodes, "3+5");
    check("--from", from);
    if (to != null) {
      check("--to", to);
    }
    if ((failNode == null) != (failStep == null)) {
      throw new IllegalArgumentException("--fail-node and --fail-step go together");
    }
    String resolve = autoResolve.mode(failNode != null, "--fail-node and --fail-step");
    DemoFault fault = failNode == null ? null : DemoFault.parse(failNode, failStep);
    dev.bosun.sim.LabSpec.ApiBackend backend = ApiBackendOption.parse(api);
    Demo.Options options = new Demo.Options(
        n.controlPlanes(),
        n.workers(),
        from,
        to,
        fault,
        resolve,
        lab.plain,
        lab.dir,
        Flags.duration("--command-latency", commandLatency),
        Flags.duration("--not-ready", notReady),
        backend);
    ApiBackendOption.prepare(backend, lab.err());
    return new Demo(lab.out(), lab.err()).run(options, lab.temporal.settings(), System.getenv());
  }

  /** A version flag, or exit 2 naming it. */
  static void check(String flag, String version) {
    if (!KubeVersion.isValid(version)) {
      throw new IllegalArgumentException(
          flag + " must be vMAJOR.MINOR.PATCH, e.g. v1.31.2, got '" + version + "'");
    }
  }
}
