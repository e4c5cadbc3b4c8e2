package dev.bosun.workflows.backup;

import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.saga.StepText;

/** The one renderer of a backup report: the workflow's current details and {@code bosun backup}'s output. */
public final class BackupText {

  private BackupText() {}

  public static String report(BackupReport r) {
    StringBuilder b = new StringBuilder();
    b.append("Backup ")
        .append(r.backupName())
        .append(" of ")
        .append(r.cluster())
        .append(StepText.outcome(r.result(), r.failedStep(), r.reason()));
    if (r.velero() != null) {
      b.append("  velero: ").append(velero(r.velero())).append('\n');
    }
    if (r.sentinel() != null) {
      b.append("  sentinel: ")
          .append(r.sentinel().namespace())
          .append('/')
          .append(r.sentinel().name())
          .append(" uuid ")
          .append(r.sentinel().uuid())
          .append(" sha256 ")
          .append(r.sentinel().payloadSha256())
          .append('\n');
    }
    if (r.etcd() != null) {
      b.append("  etcd snapshot: ")
          .append(r.etcd().node())
          .append(':')
          .append(r.etcd().remotePath())
          .append(", ")
          .append(r.etcd().bytes())
          .append(" bytes, sha256 ")
          .append(r.etcd().sha256())
          .append('\n');
    }
    OffHostCopy c = r.copy();
    if (c != null) {
      b.append("  off-host (")
          .append(c.tool())
          .append("): ")
          .append(c.location())
          .append(", ")
          .append(c.files().size())
          .append(" files, ")
          .append(c.bytes())
          .append(" bytes, ")
          .append(c.verified() ? "verified" : "NOT verified");
      if (c.snapshotId() != null) {
        b.append(", snapshot ").append(c.snapshotId());
      }
      b.append('\n');
      for (String note : c.notes()) {
        b.append("    note: ").append(note).append('\n');
      }
    }
    if (!r.deleted().isEmpty()) {
      b.append("  retention deleted: ").append(String.join(", ", r.deleted())).append('\n');
    }
    if (!r.unverified().isEmpty()) {
      b.append("  unverified copies left: ")
          .append(String.join(", ", r.unverified()))
          .append('\n');
    }
    return b.append(StepText.durations(r.stepMillis(), r.durationMillis())).toString();
  }

  /** A Backup's or Restore's status in one line: phase, items, errors, warnings. */
  public static String velero(VeleroStatus s) {
    return VeleroPhase.of(s.phase()) + ", " + s.itemsDone() + "/" + s.totalItems() + " items, "
        + s.errors() + " errors, " + s.warnings() + " warnings";
  }
}
