package dev.bosun.cli.bench;

import java.util.List;
import java.util.Map;
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
    options.validate();
    Map<String, Map<String, List<Double>>> runs = DrillRuns.measure(
        options.runs, lab.latency(), o -> DrillRuns.withTotal(o.backup().stepMillis()));
    String body =
        "`bosun backup` of `bosun demo drill`'s lab (1 control plane + 2 workers, namespaces shop and blog, "
            + DrillRuns.OBJECTS + " ConfigMaps and a Deployment each at 1×, "
            + DrillRuns.OBJECTS * DrillRuns.SCALE
            + " ConfigMaps each at 10×), " + lab.latencyMs
            + " ms per host command, embedded Temporal, "
            + options.runs
            + " run(s) per scale after a warm-up; each step's duration from the report's `stepMillis` (Velero: the"
            + " lab-sim double, 100 ms per phase tick; the copy: lab-sim's rclone on w-1).\n\n"
            + DrillRuns.table(runs).markdown();
    System.out.println(body);
    options.write(
        "backup",
        "bosun backup (demo drill lab)",
        "bosun bench backup --runs " + options.runs,
        body);
    return 0;
  }
}
