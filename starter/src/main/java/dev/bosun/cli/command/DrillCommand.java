package dev.bosun.cli.command;

import dev.bosun.cli.operation.DrillOperation;
import dev.bosun.workflows.drill.DrillPlan;
import dev.bosun.workflows.drill.DrillRequest;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.rules.BackupRules;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = {
      "Prove a backup restores, per the inventory's drill section: pick a verified off-host copy (the latest, --backup",
      "NAME, or a random one with --random-within); verify it against its checksums before anything is built; build",
      "a scratch cluster on drill.scratch's VMs (a child ClusterInit; its teardown registered first and run on every",
      "ending: passed, failed, cancelled, aborted); restore the copy into drill.velero.scratchBucket; velero install on",
      "the scratch control plane with its location ReadOnly; wait for the backup to sync; restore it through a Restore",
      "resource (only Completed passes); prove the backup's own objects unchanged; check the Restore's phase, item",
      "counts per kind, the sentinel (this backup's own: a stale one fails), every restored namespace's workloads Ready",
      "and drill.checks (http-probe through the API server's service proxy); measure RPO (drill start - the restored",
      "sentinel's time) and RTO (drill start - every check passed) per namespace; tear down. Workflow ID bosun:<cluster>;",
      "search attribute BosunDrillResult (passed / failed). bosun abort stops it (the scratch cluster is torn down).",
      "A scheduled drill refuses to start while a run holds bosun:<cluster>; a drill never tears down a scratch",
      "cluster whose ClusterInit another drill runs (it fails ScratchClusterBusy instead)."
    },
    footer = {
      "",
      "Examples:",
      "  bosun drill -i lab.yaml --watch",
      "  bosun drill -i lab.yaml --backup bosun-lab1-20261201030000 -o json",
      "  bosun drill -i lab.yaml --random-within 7d",
      "",
      "Exit: 0 the drill passed, 1 it failed (the report names the step and the reason), 2 bad input, 3 Temporal",
      "unreachable, 4 cluster busy."
    })
public final class DrillCommand implements Callable<Integer> {

  @Mixin
  StartOptions start;

  @Option(
      names = "--backup",
      paramLabel = "NAME",
      description =
          "Drill this backup (its off-host copy must have verified). Default: the latest verified one.")
  String backup;

  @Option(
      names = "--random-within",
      paramLabel = "DURATION",
      description = "Drill a random verified backup taken within this window (e.g. 7d, 36h).")
  String randomWithin;

  @Override
  public Integer call() {
    if (backup != null && BackupRules.backupNameProblem(backup) != null) {
      throw new IllegalArgumentException("--backup: " + BackupRules.backupNameProblem(backup));
    }
    Duration window = randomWithin == null ? null : Flags.duration("--random-within", randomWithin);
    Inventory inv = start.inventory();
    DrillRequest request = new DrillRequest(inv, backup, window);
    // every rule the workflow checks, here first: bad settings never start a run
    DrillPlan plan = DrillPlan.of(inv, request, System.currentTimeMillis());
    return start.run(new DrillOperation(request, plan));
  }
}
