package dev.bosun.workflows.drain;

import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.activities.PodRef;
import java.util.List;
import java.util.Map;

/**
 * The one way drain blockers, refusals and outcomes are put into words: the workflows' current details
 * and failure messages, the upgrade's node notes and final report, the progress shown by the CLI. It keeps
 * the cause: a drain that timed out behind a PodDisruptionBudget names the budget.
 */
public final class DrainText {

  private DrainText() {}

  /** "2 pod(s) blocked by PDB default/web-pdb". */
  public static String blocker(PdbBlocker b) {
    return b.pods().size() + " pod(s) blocked by PDB " + b.namespace() + "/" + b.name();
  }

  /** Every blocker, comma-separated. */
  public static String blockers(List<PdbBlocker> blockers) {
    return String.join(", ", blockers.stream().map(DrainText::blocker).toList());
  }

  /** A one-line note while a drain runs: "evicting: evicted 3, remaining 2; blocked by 2 pod(s) blocked by PDB …". */
  public static String note(DrainProgress p) {
    String text = p.phase() + ": evicted " + p.evicted() + ", remaining " + p.remaining();
    return p.blockers().isEmpty()
        ? text
        : text + "; blocked by " + blocker(p.blockers().get(0));
  }

  /** The CLI's detail column for a running drain. */
  public static String progress(DrainProgress p) {
    return "evicted " + p.evicted() + ", remaining " + p.remaining() + ", terminating "
        + p.terminating()
        + (p.blockers().isEmpty() ? "" : "; blocked by " + blockers(p.blockers()));
  }

  /** Readable text for Workflow.setCurrentDetails while a drain runs. */
  public static String details(DrainProgress p, List<PodRef> remaining) {
    StringBuilder sb = new StringBuilder();
    sb.append("**Drain ")
        .append(p.node())
        .append("**: ")
        .append(p.phase())
        .append(" — evicted ")
        .append(p.evicted())
        .append(", remaining ")
        .append(p.remaining())
        .append(", elapsed ")
        .append(p.elapsedMillis() / 1000)
        .append("s\n");
    for (PdbBlocker b : p.blockers()) {
      sb.append("- blocked by PDB ")
          .append(b.namespace())
          .append('/')
          .append(b.name())
          .append(" (disruptionsAllowed=")
          .append(b.disruptionsAllowed())
          .append("): ")
          .append(String.join(", ", b.pods()))
          .append('\n');
    }
    if (remaining != null && !remaining.isEmpty()) {
      sb.append("- still on the node: ")
          .append(remaining.stream().map(PodRef::toString).toList())
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * Why a drain did not finish, in one line, as a node's failure in the upgrade reads it:
   * "drain refused: …", or "drain timed out with 1 pod(s) left: [default/web-0]; 1 pod(s) blocked by PDB default/web-pdb".
   */
  public static String failure(DrainReport r) {
    if (r.outcome() == DrainOutcome.REFUSED) {
      return "drain refused: " + String.join("; ", r.refusals());
    }
    return "drain timed out with " + r.remaining().size() + " pod(s) left: " + r.remaining()
        + (r.blockersSeen().isEmpty() ? "" : "; " + blockers(r.blockersSeen()));
  }

  /** The NodeDrain workflow's failure message: what refused the drain, or what was still on the node at the timeout. */
  public static String report(DrainReport r) {
    StringBuilder sb = new StringBuilder();
    if (r.outcome() == DrainOutcome.REFUSED) {
      sb.append("drain of ").append(r.node()).append(" refused:");
      r.refusals().forEach(x -> sb.append("\n- ").append(x));
    } else {
      sb.append("drain of ")
          .append(r.node())
          .append(" timed out after ")
          .append(r.durationMillis() / 1000)
          .append("s with ")
          .append(r.remaining().size())
          .append(" pod(s) left: ")
          .append(r.remaining());
      r.blockersSeen()
          .forEach(b -> sb.append("\n- ").append(blocker(b)).append(": ").append(b.pods()));
    }
    sb.append(
        r.wasCordoned()
            ? "\n" + r.node() + " was cordoned before Bosun: left cordoned"
            : r.uncordoned() ? "\nuncordoned " + r.node() + " again" : "");
    return sb.toString();
  }

  /** The CLI's lines after a drain: each refusal and each PDB that held pods back. */
  public static List<String> reportLines(DrainReport r) {
    List<String> lines = new java.util.ArrayList<>();
    r.refusals().forEach(x -> lines.add("refused: " + x));
    r.blockersSeen().forEach(b -> lines.add("blocked by " + blocker(b)));
    return lines;
  }

  /**
   * What a running eviction round heartbeats, e.g. "3 pods blocked by PDB web/web-pdb: web-abc, web-def, web-ghi;
   * 12 evicted, 4 terminating".
   *
   * @param blockedByPdb "namespace/name" of each PDB that answered 429 → the pods it holds
   */
  public static String heartbeat(
      Map<String, List<String>> blockedByPdb, int evicted, int terminating, int pending) {
    StringBuilder sb = new StringBuilder();
    blockedByPdb.forEach((pdb, names) -> sb.append(names.size())
        .append(names.size() == 1 ? " pod" : " pods")
        .append(" blocked by PDB ")
        .append(pdb)
        .append(": ")
        .append(String.join(", ", names))
        .append("; "));
    sb.append(evicted).append(" evicted, ").append(terminating).append(" terminating");
    if (pending > 0) {
      sb.append(", ").append(pending).append(" pending");
    }
    return sb.toString();
  }
}
