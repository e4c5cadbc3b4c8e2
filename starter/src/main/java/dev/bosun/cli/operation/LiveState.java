package dev.bosun.cli.operation;

import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.upgrade.NodeRow;
import java.util.List;
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

  long finished(NodeRole role) {
    return rows.stream()
        .filter(r -> r.role() == role && FINAL_STATES.contains(r.state()))
        .count();
  }

  long count(NodeRole role) {
    return rows.stream().filter(r -> r.role() == role).count();
  }
}
