package dev.bosun.cli.command;

import dev.bosun.cli.demo.InitDemo;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "init",
    description = {
      "bosun init of a simulated mixed lab: control planes on Vagrant (libvirt) on a Linux box, workers on Vagrant, on",
      "Hyper-V on Windows 10 Pro and (arm64) on UTM on a Mac — all lab-sim hosts speaking real SSH — drawn live, then",
      "the nodes as the cluster's API sees them, then bosun destroy and each hypervisor's own VM list."
    },
    footer = {
      "",
      "Examples:",
      "  bosun demo init",
      "  bosun demo init --fail-node w-2 --fail-step join --auto-resolve abort   # nothing left behind",
      "  bosun demo init --fail-step create-vm --auto-resolve retry",
      "  bosun demo init --nodes 1+2 --keep --dir /tmp/lab",
      "",
      "Exit: 0 every node Ready (and, without --keep, every VM destroyed), 1 failed or aborted,",
      "5 waiting for an operator (embedded, without --auto-resolve)."
    })
public final class DemoInitCommand implements Callable<Integer> {

  @Mixin
  HelpOption help;

  private static final Pattern NODES = Pattern.compile("(\\d{1,2})\\+(\\d{1,3})");

  @Mixin
  DemoLabOptions lab;

  @Option(
      names = "--nodes",
      paramLabel = "CP+W",
      defaultValue = "3+3",
      description = "Control planes + workers. Default: ${DEFAULT-VALUE}.")
  String nodes;

  @Option(
      names = "--version",
      paramLabel = "vX.Y.Z",
      defaultValue = "v1.30.6",
      description = "Kubernetes version to build. Default: ${DEFAULT-VALUE}.")
  String version;

  @Option(
      names = "--fail-step",
      paramLabel = "STEP",
      description = "create-vm or no-address (on the Hyper-V host), or join (on --fail-node).")
  String failStep;

  @Option(
      names = "--fail-node",
      paramLabel = "NODE",
      description = "The node whose kubeadm join fails (with --fail-step join).")
  String failNode;

  @Mixin
  AutoResolveOption autoResolve;

  @Option(names = "--keep", description = "Leave the cluster standing: no destroy at the end.")
  boolean keep;

  @Option(
      names = "--command-latency",
      paramLabel = "DURATION",
      defaultValue = "50ms",
      description = "How long every simulated host command takes. Default: ${DEFAULT-VALUE}.")
  String commandLatency;

  @Option(
      names = "--api",
      paramLabel = "sim|real",
      defaultValue = "sim",
      description = ApiBackendOption.DESCRIPTION)
  String api;

  @Override
  public Integer call() {
    DemoLabOptions.Nodes n = DemoLabOptions.Nodes.parse(NODES, nodes, "3+3");
    DemoCommand.check("--version", version);
    if (failStep != null
        && !java.util.List.of("create-vm", "no-address", "join").contains(failStep)) {
      throw new IllegalArgumentException(
          "--fail-step must be create-vm, no-address or join, got '" + failStep + "'");
    }
    if ("join".equals(failStep) != (failNode != null)) {
      throw new IllegalArgumentException(
          "--fail-node goes with --fail-step join (and join needs --fail-node)");
    }
    String resolve = autoResolve.mode(failStep != null, "--fail-step");
    var backend = ApiBackendOption.parse(api);
    java.time.Duration latency = Flags.duration("--command-latency", commandLatency);
    InitDemo.Options o = new InitDemo.Options(
        n.controlPlanes(),
        n.workers(),
        version,
        failStep,
        failNode,
        resolve,
        lab.plain,
        lab.dir,
        latency,
        backend,
        keep);
    ApiBackendOption.prepare(backend, lab.err());
    return new InitDemo(lab.out(), lab.err()).run(o, lab.temporal.settings(), System.getenv());
  }
}
