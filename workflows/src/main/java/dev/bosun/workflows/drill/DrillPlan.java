package dev.bosun.workflows.drill;

import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.ScratchBucket;
import dev.bosun.workflows.activities.VeleroInstall;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.model.DrillSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.rules.DrillRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one drill does, from the inventory: where the off-host copies are (the backup's own target: one truth), the
 * scratch cluster's inventory, the scratch bucket, Velero's install and the checks. Pure; {@link #of} is the check
 * before any side effect.
 *
 * @param allowPartiallyFailed the synced Backup is judged as the backup was ({@code backup.velero.allowPartiallyFailed})
 * @param scratch the scratch cluster as an inventory of its own ({@code <cluster>-drill}): the child ClusterInit
 *     builds it and {@code bosun destroy}'s workflow tears it down
 */
public record DrillPlan(
    String cluster,
    OffHostTarget offHost,
    Inventory scratch,
    ScratchBucket bucket,
    VeleroInstall velero,
    List<DrillSpec.DrillCheck> checks,
    boolean allowPartiallyFailed,
    Duration syncTimeout,
    Duration restoreTimeout,
    Duration workloadsTimeout) {

  /** Velero syncs a new location's backups once a minute until it is validated (velero-testbed trap 2). */
  static final Duration SYNC_TIMEOUT = Duration.ofMinutes(3);

  static final Duration WORKLOADS_TIMEOUT = Duration.ofMinutes(10);

  /** The plan, or an IllegalArgumentException listing every problem (each naming its inventory field). */
  public static DrillPlan of(Inventory inventory, DrillRequest request, long nowMillis) {
    List<String> problems = new ArrayList<>();
    BackupPlan backup = null;
    try {
      backup = BackupPlan.of(inventory, nowMillis);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    problems.addAll(DrillRules.problems(inventory));
    if (request.backupName() != null && request.randomWithin() != null) {
      problems.add("--backup and --random-within exclude each other: name one backup or a window");
    }
    if (request.randomWithin() != null
        && (request.randomWithin().isNegative() || request.randomWithin().isZero())) {
      problems.add("--random-within must be a positive duration (e.g. 7d)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    DrillSpec d = inventory.drill();
    DrillSpec.DrillVeleroSpec v = d.velero();
    String veleroNamespace = inventory.backup().velero().namespace();
    return new DrillPlan(
        inventory.cluster(),
        backup.offHost(),
        scratchInventory(inventory),
        new ScratchBucket(
            v.scratchBucket(), backup.offHost().rcloneConfig(), backup.offHost().runOn()),
        new VeleroInstall(
            veleroNamespace,
            "default",
            v.plugins(),
            v.bucket(),
            v.region(),
            v.s3Url(),
            v.credentialsFile()),
        d.checks(),
        inventory.backup().velero().allowPartiallyFailed(),
        SYNC_TIMEOUT,
        backup.veleroTimeout(),
        WORKLOADS_TIMEOUT);
  }

  /** The scratch cluster's name: never the cluster's own, so its workflow ID and VMs are its own. */
  public static String scratchName(String cluster) {
    return cluster + "-drill";
  }

  private static Inventory scratchInventory(Inventory inv) {
    DrillSpec.ScratchSpec s = inv.drill().scratch();
    KubernetesSpec k = inv.kubernetes();
    return new Inventory(
        scratchName(inv.cluster()),
        new KubernetesSpec(
            k.version(),
            k.podSubnet(),
            k.serviceSubnet(),
            s.controlPlaneEndpoint(),
            k.packageRepository(),
            null),
        inv.ssh(),
        s.hypervisor(),
        s.nodes(),
        inv.upgrade(),
        null,
        null,
        java.util.Map.of(),
        // a scratch cluster lives for one restore: it is never upgraded or backed up, so no etcd
        // client
        inv.init().withoutEtcdClient());
  }
}
