package dev.bosun.cli.command;

import dev.bosun.cli.demo.Demo;
import dev.bosun.cli.demo.DemoFault;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.workflows.model.KubeVersion;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

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

  @Option(
      names = "--auto-resolve",
      paramLabel = "retry|abort",
      description = "Answer the failed node by itself: clear the fault and retry, or abort.")
  String autoResolve;

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
    Matcher m = NODES.matcher(nodes);
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
      throw new IllegalArgumentException(
          "--nodes must be CONTROL_PLANES+WORKERS with at least one control plane, e.g. 3+5, got '"
              + nodes + "'");
    }
    check("--from", from);
    if (to != null) {
      check("--to", to);
    }
    if ((failNode == null) != (failStep == null)) {
      throw new IllegalArgumentException("--fail-node and --fail-step go together");
    }
    if (autoResolve != null && !autoResolve.equals("retry") && !autoResolve.equals("abort")) {
      throw new IllegalArgumentException(
          "--auto-resolve must be retry or abort, got '" + autoResolve + "'");
    }
    if (autoResolve != null && failNode == null) {
      throw new IllegalArgumentException(
          "--auto-resolve needs a failure to resolve: add --fail-node and --fail-step");
    }
    DemoFault fault = failNode == null ? null : DemoFault.parse(failNode, failStep);
    dev.bosun.sim.LabSpec.ApiBackend backend = ApiBackendOption.parse(api);
    Demo.Options options = new Demo.Options(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        from,
        to,
        fault,
        autoResolve,
        lab.plain,
        lab.dir,
        duration("--command-latency", commandLatency),
        duration("--not-ready", notReady),
        backend);
    ApiBackendOption.prepare(backend, spec.commandLine().getErr());
    return new Demo(spec.commandLine().getOut(), spec.commandLine().getErr())
        .run(options, temporal.settings(), System.getenv());
  }

  /** A duration flag, or exit 2 naming it. */
  static java.time.Duration duration(String flag, String text) {
    try {
      return dev.bosun.workflows.model.Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }

  /** A version flag, or exit 2 naming it. */
  static void check(String flag, String version) {
    if (!KubeVersion.isValid(version)) {
      throw new IllegalArgumentException(
          flag + " must be vMAJOR.MINOR.PATCH, e.g. v1.31.2, got '" + version + "'");
    }
  }
}
