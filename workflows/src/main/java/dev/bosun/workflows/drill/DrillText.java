package dev.bosun.workflows.drill;

import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.backup.BackupText;
import dev.bosun.workflows.saga.StepText;

/** The one renderer of a drill report: the workflow's current details and {@code bosun drill}'s output. */
public final class DrillText {

  private DrillText() {}

  public static String report(DrillReport r) {
    StringBuilder b = new StringBuilder();
    b.append("Drill of ").append(r.cluster());
    if (r.backupName() != null) {
      b.append(" from ").append(r.backupName());
    }
    b.append(StepText.outcome(r.result(), r.failedStep(), r.reason()));
    if (r.copy() != null) {
      b.append("  off-host copy (")
          .append(r.copy().tool())
          .append("): ")
          .append(r.copy().location())
          .append(", ")
          .append(r.copy().files().size())
          .append(" files, ")
          .append(r.copy().verified() ? "verified" : "NOT verified")
          .append('\n');
    }
    velero(b, "backup", r.backup());
    velero(b, "restore", r.restore());
    for (CheckResult c : r.checks()) {
      b.append("  check ")
          .append(c.passed() ? "passed" : "FAILED")
          .append(' ')
          .append(c.kind())
          .append(' ')
          .append(c.subject())
          .append(": ")
          .append(c.detail())
          .append('\n');
    }
    if (r.figures() != null) {
      r.figures().rpoMillis().keySet().stream()
          .sorted()
          .forEach(ns -> b.append("  ")
              .append(ns)
              .append(": RPO ")
              .append(age(r.figures().rpoMillis().get(ns)))
              .append(", RTO ")
              .append(age(r.figures().rtoMillis().get(ns)))
              .append('\n'));
    }
    if (r.teardown() != null) {
      b.append("  scratch cluster: ").append(r.teardown()).append('\n');
    }
    return b.append(StepText.durations(r.stepMillis(), r.durationMillis())).toString();
  }

  /** A duration as the operator reads it: {@code 2d 3h 4m 5s}, {@code 12s}, {@code 0s}. */
  public static String age(long millis) {
    long s = millis / 1000;
    StringBuilder b = new StringBuilder();
    if (s >= 86400) {
      b.append(s / 86400).append("d ");
    }
    if (s >= 3600) {
      b.append(s / 3600 % 24).append("h ");
    }
    if (s >= 60) {
      b.append(s / 60 % 60).append("m ");
    }
    return b.append(s % 60).append('s').toString();
  }

  private static void velero(StringBuilder b, String what, VeleroStatus s) {
    if (s != null) {
      b.append("  ").append(what).append(": ").append(BackupText.velero(s)).append('\n');
    }
  }
}
