package dev.bosun.cli.bench;

import dev.bosun.workflows.drill.DrillStep;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bosun bench drill}: {@code bosun drill} of the demo drill's lab and of 10× its objects, per step, and the
 * drill's overhead beyond Velero's own restore (the whole drill minus its restore step).
 */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description =
        "bosun drill of the demo drill's lab at 1× and 10× its objects, per step, and its overhead beyond Velero's restore.")
public final class DrillBench implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Mixin
  DrillLabOptions lab;

  @Override
  public Integer call() {
    return DrillRuns.bench(
        options,
        lab,
        "drill",
        "bosun drill (demo drill lab)",
        "`bosun drill` of `bosun demo drill`'s lab (the backup as in `bench backup`; the scratch cluster: 1 +"
            + " 1 VMs on lab-sim's Vagrant box, a child ClusterInit)",
        ". `overhead` is the drill's total minus Velero's own restore step: what proving the restore"
            + " costs beyond restoring (the scratch cluster, the copy's checks, velero install and sync, the checks,"
            + " the teardown).\n\n",
        o -> withOverhead(o.drill().stepMillis()));
  }

  private static Map<String, Long> withOverhead(Map<String, Long> steps) {
    Map<String, Long> m = DrillRuns.withTotal(steps);
    m.put(
        "overhead (total - restore)",
        m.get("total") - steps.getOrDefault(DrillStep.RESTORE.toString(), 0L));
    return m;
  }
}
