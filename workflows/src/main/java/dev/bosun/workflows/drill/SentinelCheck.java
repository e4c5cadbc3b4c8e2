package dev.bosun.workflows.drill;

import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.rules.SentinelPayload;
import java.time.Duration;

/**
 * Is the restored sentinel the one written before THIS backup? Its payload checksum must be the one its UUID and
 * time derive ({@link SentinelPayload}: the bytes survived), and its time must fall inside the backup's own run:
 * not before the run began (the time in the backup's name, second precision) and not after Velero started the
 * Backup. A sentinel older than that is stale: the backup did not carry a fresh one, and its data may be as old.
 */
public final class SentinelCheck {

  /** How long after the run began Velero may start the Backup when its startTimestamp is unknown. */
  static final Duration LATEST_START = Duration.ofHours(1);

  private SentinelCheck() {}

  /** null when the sentinel is the backup's own; else the reason it is not. */
  public static String problem(Sentinel restored, long backupTakenAt, Long veleroStartedAt) {
    if (restored == null) {
      return "the sentinel (" + Sentinel.NAMESPACE + "/" + Sentinel.NAME + ") was not restored";
    }
    String expected = SentinelPayload.sha256(restored.uuid(), restored.writtenAtMillis());
    if (!expected.equals(restored.payloadSha256())) {
      return "the sentinel " + restored.uuid() + " has payload sha256 " + restored.payloadSha256()
          + ", expected " + expected + ": its bytes changed";
    }
    long earliest = backupTakenAt - 1000; // the name's time is truncated to the second
    // Velero's startTimestamp is a metav1.Time, whole seconds: a sentinel written in that same
    // second is not later
    long latest =
        veleroStartedAt != null ? veleroStartedAt + 999 : backupTakenAt + LATEST_START.toMillis();
    if (restored.writtenAtMillis() < earliest) {
      return "stale sentinel " + restored.uuid() + ": written "
          + DrillText.age(backupTakenAt - restored.writtenAtMillis())
          + " before the backup began; the backup did not carry its own";
    }
    if (restored.writtenAtMillis() > latest) {
      return "sentinel " + restored.uuid()
          + " was written after Velero started the backup: not this backup's";
    }
    return null;
  }
}
