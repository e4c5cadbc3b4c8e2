package dev.bosun.cli.operation;

import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.upgrade.NodeRow;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One look at a running operation, whatever its kind: what the live view draws.
 *
 * @param waiting why it stands still for a human (null when it does not)
 */
public record LiveState(String title, String phase, List<NodeRow> rows, Waiting waiting) {

  /** Row states after which a node does not change any more. */
  static final Set<String> FINAL_STATES = Set.of(
      "upgraded",
      "already-at-target",
      "skipped",
      "failed",
      "rolled-back",
      "drained",
      "uncordoned",
      "ready",
      "compensated");

  /**
   * @param kind operator (a failed node waits for retry/skip/abort), approval, paused, or window (a maintenance window)
   * @param node the failed node (operator only)
   */
  public record Waiting(String kind, String node, String message) {
    public static final String OPERATOR = "operator";
    public static final String APPROVAL = "approval";
    public static final String PAUSED = "paused";
    public static final String WINDOW = "window";
  }

  /**
   * A run that works on one backup a step at a time (OffHostBackup, RestoreDrill): one row, named by the backup once
   * the run has picked it.
   *
   * @param title Backup or Drill; in lower case the row's name until the backup is known
   * @param step the step's label; null before the first step ("pending")
   */
  static LiveState backupStep(String title, String backupName, String step, String detail) {
    String state = step == null ? "pending" : step;
    String name = backupName == null ? title.toLowerCase(Locale.ROOT) : backupName;
    NodeRow row = new NodeRow(name, null, "-", "-", state, state, detail, 0, 0);
    return new LiveState(
        title + " " + (backupName == null ? "" : backupName), state, List.of(row), null);
  }

  long finished(NodeRole role) {
    return rows.stream()
        .filter(r -> r.role() == role && FINAL_STATES.contains(r.state()))
        .count();
  }

  long count(NodeRole role) {
    return rows.stream().filter(r -> r.role() == role).count();
  }
}
