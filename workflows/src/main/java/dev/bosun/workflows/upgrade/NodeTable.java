package dev.bosun.workflows.upgrade;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The per-node markdown table shown as a workflow's current details in the UI. */
public final class NodeTable {

  /** Above this many nodes only the interesting rows are listed (plus counts per state). */
  static final int FULL_TABLE_LIMIT = 60;

  private static final Set<String> QUIET = Set.of(
      NodeStatus.PENDING.label(),
      NodeStatus.UPGRADED.label(),
      NodeStatus.ALREADY_AT_TARGET.label());

  private NodeTable() {}

  public static String render(String headline, Collection<NodeRow> rows) {
    StringBuilder sb = new StringBuilder(headline).append("\n\n");
    Map<String, Integer> counts = new TreeMap<>();
    rows.forEach(r -> counts.merge(r.state(), 1, Integer::sum));
    boolean full = rows.size() <= FULL_TABLE_LIMIT;
    if (!full) {
      sb.append(counts).append("\n\n");
    }
    sb.append("| node | role | from → to | state | step | note |\n|---|---|---|---|---|---|\n");
    for (NodeRow r : rows) {
      if (full || !QUIET.contains(r.state())) {
        sb.append("| ")
            .append(r.node())
            .append(" | ")
            .append(r.role())
            .append(" | ")
            .append(r.from())
            .append(" → ")
            .append(r.to())
            .append(" | ")
            .append(r.state())
            .append(" | ")
            .append(r.step() == null ? "" : r.step())
            .append(" | ")
            .append(r.detail() == null ? "" : r.detail().replace('\n', ' ').replace('|', '/'))
            .append(" |\n");
      }
    }
    return sb.toString();
  }
}
