package dev.bosun.cli.command;

import dev.bosun.cli.demo.DrillDemo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "drill",
    description = {
      "bosun backup, then bosun drill, of a simulated lab: 1 control plane + 2",
      "workers with Velero (its bucket in the lab's s3/), namespaces shop and blog,",
      "rclone on w-1 copying to a \"NAS\" folder (backup.offHost.runOn); the",
      "drill's scratch VMs on a lab-sim Vagrant box beside it. All hosts speak real",
      "SSH. Drawn live; then the drill's report with RPO/RTO and the Vagrant box's",
      "own VM list: no scratch VM may be left."
    },
    footer = {
      "",
      "Examples:",
      "  bosun demo drill",
      "  bosun demo drill --inject corrupt-copy    # bit rot after the copy verified",
      "  bosun demo drill --inject stale-sentinel  # the copy's data is older",
      "",
      "Exit: 0 the drill passed and no scratch VM is left; 1 the backup or the",
      "drill failed (the report names the step and the reason) or a VM was left."
    })
public final class DemoDrillCommand implements Callable<Integer> {

  @Mixin
  HelpOption help;

  @Mixin
  DemoLabOptions lab;

  @Option(
      names = "--inject",
      paramLabel = "FAULT",
      description = {
        "corrupt-copy: bit rot in the off-host copy after the backup verified it;",
        "stale-sentinel: the copy carries a sentinel an hour older than the backup."
      })
  String inject;

  @Option(
      names = "--command-latency",
      paramLabel = "DURATION",
      defaultValue = "20ms",
      description = "How long every simulated host command takes. Default: ${DEFAULT-VALUE}.")
  String commandLatency;

  @Option(
      names = "--objects",
      paramLabel = "N",
      defaultValue = "5",
      description = "ConfigMaps per namespace besides the Deployment. Default: ${DEFAULT-VALUE}.")
  int objects;

  @Override
  public Integer call() {
    if (inject != null && !DrillDemo.INJECTIONS.contains(inject)) {
      throw new IllegalArgumentException(
          "--inject must be one of " + DrillDemo.INJECTIONS + ", got '" + inject + "'");
    }
    if (objects < 0) {
      throw new IllegalArgumentException("--objects must be at least 0, got " + objects);
    }
    java.time.Duration latency = Flags.duration("--command-latency", commandLatency);
    return new DrillDemo(lab.out(), lab.err())
        .run(
            new DrillDemo.Options(inject, lab.plain, lab.dir, latency, objects),
            lab.temporal.settings(),
            System.getenv());
  }
}
