package dev.bosun.workflows.backup;

import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.VeleroBackupRequest;
import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.rules.BackupRules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one backup run does, derived from the inventory and the (workflow) time: the backup's name, the Velero
 * Backup to create, the off-host target. Pure; {@link #problems} is the check before any side effect.
 */
public record BackupPlan(
    String cluster,
    String backupName,
    VeleroBackupRequest velero,
    OffHostTarget offHost,
    boolean etcdSnapshot,
    boolean allowPartiallyFailed,
    Duration veleroTimeout,
    int keepLast,
    int keepDays) {

  private static final String PREFIX = "bosun-";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  /** The plan, or an IllegalArgumentException listing every problem (each naming its inventory field). */
  public static BackupPlan of(Inventory inventory, long nowMillis) {
    List<String> problems = new ArrayList<>();
    BackupSpec b = inventory.backup();
    if (b == null || b.velero() == null || b.offHost() == null) {
      throw new IllegalArgumentException(
          "backup: the inventory needs a backup section with velero and offHost to run a backup");
    }
    String name = name(inventory.cluster(), nowMillis);
    BackupSpec.VeleroSpec v = b.velero();
    VeleroBackupRequest velero = new VeleroBackupRequest(
        v.namespace(),
        name,
        v.storageLocation(),
        v.includeNamespaces(),
        v.excludeNamespaces(),
        v.selector(),
        v.ttl() == null ? null : goDuration(v.ttl()));
    BackupSpec.OffHostSpec o = b.offHost();
    HostTarget runOn = null;
    if (o.runOn() != null) {
      if (inventory.hasNode(o.runOn())) {
        runOn = HostTarget.of(inventory, o.runOn());
      } else {
        problems.add("backup.offHost.runOn names no node of nodes: " + o.runOn());
      }
    }
    OffHostTarget target = new OffHostTarget(
        o.tool(),
        o.source(),
        o.destination(),
        o.rcloneConfig(),
        o.passwordEnv(),
        o.stagingDir(),
        runOn);
    problems.addAll(BackupRules.problems(velero));
    problems.addAll(BackupRules.problems(target));
    if (v.ttl() != null && v.ttl().compareTo(Duration.ofMinutes(1)) < 0) {
      problems.add("backup.velero.ttl " + BackupRules.TTL_RULE);
    }
    if (b.etcdSnapshot() && inventory.controlPlanes().isEmpty()) {
      problems.add("backup.etcdSnapshot needs a control-plane node in nodes (or set it to false)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new BackupPlan(
        inventory.cluster(),
        name,
        velero,
        target,
        b.etcdSnapshot(),
        v.allowPartiallyFailed(),
        v.timeout(),
        o.keepLast(),
        o.keepDays());
  }

  /** {@code bosun-<cluster>-<yyyyMMddHHmmss>}: sortable, and the time is read back by {@link #takenAt}. */
  public static String name(String cluster, long millis) {
    return PREFIX + cluster + "-" + STAMP.format(Instant.ofEpochMilli(millis));
  }

  /** The time in a name made by {@link #name}, or 0 for a name Bosun did not make. */
  public static long takenAt(String backupName) {
    if (backupName == null || !backupName.startsWith(PREFIX) || backupName.length() < 15) {
      return 0;
    }
    try {
      return Instant.from(STAMP.parse(backupName.substring(backupName.length() - 14)))
          .toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  /** Velero's spec.ttl is a Go duration: whole hours, minutes and seconds. */
  static String goDuration(Duration d) {
    return d.toHours() + "h" + d.toMinutesPart() + "m" + d.toSecondsPart() + "s";
  }
}
