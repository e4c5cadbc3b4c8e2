package dev.bosun.cli.command;

import dev.bosun.cli.operation.BackupOperation;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.model.Inventory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back the cluster up off the host, per the inventory's backup section: write a fresh sentinel (namespace",
      "bosun-sentinel: UUID, time, payload checksum); take an etcd snapshot on the first control plane and copy it off",
      "the node with its SHA-256 verified; create a Velero Backup through its CRD and judge its phase (only Completed",
      "succeeds; PartiallyFailed only with backup.velero.allowPartiallyFailed; never a CLI exit code); copy the",
      "backup's objects and the snapshot to backup.offHost.destination with rclone (copy, then check) or restic",
      "(backup --json, then check --read-data-subset); then remove this run's staging folder (backup.offHost.stagingDir)",
      "and only then apply retention (keepLast / keepDays; never the last verified copy). Workflow ID bosun:<cluster>: it excludes an upgrade or drain of the same cluster. The report",
      "lists phase, item counts, warnings, sizes, checksums and each step's duration; search attribute BosunBackupResult."
    },
    footer = {
      "",
      "Examples:",
      "  bosun backup -i lab.yaml --watch",
      "  bosun backup -i lab.yaml --address 127.0.0.1:7233 -o json",
      "",
      "Exit: 0 backed up and verified, 1 a step failed (the report names it), 2 bad input, 3 Temporal unreachable,",
      "4 cluster busy."
    })
public final class BackupCommand implements Callable<Integer> {

  @Mixin
  StartOptions start;

  @Override
  public Integer call() {
    Inventory inv = start.inventory();
    // every rule the workflow checks, here first: bad settings never start a run
    BackupPlan plan = BackupPlan.of(inv, System.currentTimeMillis());
    return start.run(new BackupOperation(inv, plan));
  }
}
