package dev.bosun.workflows.backup;

import dev.bosun.workflows.activities.VeleroStatus;
import java.util.List;

/**
 * Velero's Backup and Restore phases (velero v1.18 {@code backup_types.go}, {@code restore_types.go}) and the one
 * rule that says what a phase means to Bosun: only {@code Completed} succeeds; {@code PartiallyFailed} fails unless
 * the operator allowed it; {@code Failed} and {@code FailedValidation} fail with Velero's own reason. A Completed
 * backup whose volume snapshots did not all complete fails too (velero#6212). The backup and the restore drill
 * both judge with {@link #judge}.
 */
public enum VeleroPhase {
  NEW("New"),
  QUEUED("Queued"),
  READY_TO_START("ReadyToStart"),
  FAILED_VALIDATION("FailedValidation"),
  IN_PROGRESS("InProgress"),
  WAITING_FOR_PLUGIN_OPERATIONS("WaitingForPluginOperations"),
  WAITING_FOR_PLUGIN_OPERATIONS_PARTIALLY_FAILED("WaitingForPluginOperationsPartiallyFailed"),
  FINALIZING("Finalizing"),
  FINALIZING_PARTIALLY_FAILED("FinalizingPartiallyFailed"),
  COMPLETED("Completed"),
  PARTIALLY_FAILED("PartiallyFailed"),
  FAILED("Failed"),
  DELETING("Deleting"),
  /** A phase this Bosun does not know (Velero may add some): never success, never terminal. */
  UNKNOWN("Unknown");

  /** What a phase means: still running, succeeded, or failed (with the reason in one line). */
  public record Verdict(VeleroPhase phase, boolean terminal, boolean succeeded, String reason) {}

  private final String velero;

  VeleroPhase(String velero) {
    this.velero = velero;
  }

  /** Velero's spelling ({@code PartiallyFailed}). */
  public String velero() {
    return velero;
  }

  /** Velero's phase string; empty or null is {@code New} (Velero's describer does the same). */
  public static VeleroPhase of(String phase) {
    if (phase == null || phase.isEmpty()) {
      return NEW;
    }
    for (VeleroPhase p : values()) {
      if (p != UNKNOWN && p.velero.equals(phase)) {
        return p;
      }
    }
    return UNKNOWN;
  }

  /** Completed, PartiallyFailed, Failed or FailedValidation: Velero will not change it any more. */
  public boolean terminal() {
    return this == COMPLETED
        || this == PARTIALLY_FAILED
        || this == FAILED
        || this == FAILED_VALIDATION;
  }

  /**
   * The verdict on a Backup's or Restore's status.
   *
   * @param allowPartiallyFailed the inventory's {@code backup.velero.allowPartiallyFailed}
   */
  public static Verdict judge(VeleroStatus s, boolean allowPartiallyFailed) {
    VeleroPhase p = of(s.phase());
    String what = s.kind() + " " + s.name();
    return switch (p) {
      case COMPLETED ->
        s.volumeSnapshotsAttempted() > s.volumeSnapshotsCompleted()
            ? new Verdict(
                p,
                true,
                false,
                what + " is Completed but only " + s.volumeSnapshotsCompleted() + " of "
                    + s.volumeSnapshotsAttempted() + " volume snapshots completed")
            : new Verdict(p, true, true, what + " Completed" + counts(s));
      case PARTIALLY_FAILED ->
        new Verdict(
            p,
            true,
            allowPartiallyFailed,
            what + " PartiallyFailed" + counts(s)
                + (allowPartiallyFailed
                    ? " (accepted: backup.velero.allowPartiallyFailed is true)"
                    : " (a failure: set backup.velero.allowPartiallyFailed to accept it)"));
      case FAILED ->
        new Verdict(
            p,
            true,
            false,
            what + " Failed: "
                + (s.failureReason() == null ? "Velero gave no failureReason" : s.failureReason()));
      case FAILED_VALIDATION ->
        new Verdict(
            p,
            true,
            false,
            what + " FailedValidation: "
                + (s.validationErrors().isEmpty()
                    ? "Velero gave no validationErrors"
                    : String.join("; ", s.validationErrors())));
      default ->
        new Verdict(
            p,
            false,
            false,
            what + " is " + (p == UNKNOWN ? "in an unknown phase '" + s.phase() + "'" : p.velero)
                + progress(s));
    };
  }

  private static String counts(VeleroStatus s) {
    List<String> parts = new java.util.ArrayList<>();
    parts.add(s.itemsDone() + "/" + s.totalItems() + " items");
    if (s.errors() > 0) {
      parts.add(s.errors() + " errors");
    }
    if (s.warnings() > 0) {
      parts.add(s.warnings() + " warnings");
    }
    return " (" + String.join(", ", parts) + ")";
  }

  private static String progress(VeleroStatus s) {
    return s.totalItems() > 0 ? " (" + s.itemsDone() + "/" + s.totalItems() + " items)" : "";
  }

  @Override
  public String toString() {
    return velero;
  }
}
