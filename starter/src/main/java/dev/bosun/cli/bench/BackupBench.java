package dev.bosun.cli.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bosun bench backup}: {@code bosun backup} of the demo drill's lab and of 10× its objects, per step. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "bosun backup of the demo drill's lab (Velero double, rclone on a lab host) at 1× and 10× its objects, per step.")
public final class BackupBench implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Mixin
  DrillLabOptions lab;

  @Override
  public Integer call() {
    return DrillRuns.bench(
        options,
        lab,
        "backup",
        "bosun backup (demo drill lab)",
        "`bosun backup` of `bosun demo drill`'s lab (1 control plane + 2 workers, namespaces shop and blog, "
            + DrillRuns.OBJECTS + " ConfigMaps and a Deployment each at 1×, "
            + DrillRuns.OBJECTS * DrillRuns.SCALE + " ConfigMaps each at 10×)",
        " (Velero: the lab-sim double, 100 ms per phase tick; the copy: lab-sim's rclone on w-1).\n\n",
        o -> DrillRuns.withTotal(o.backup().stepMillis()));
  }
}
