package dev.bosun.workflows.upgrade;

import java.util.List;

/**
 * The one way preflight findings are put into words: the plan's table (the CLI), the plan's and the
 * upgrade's details (the UI), and the failure a blocked upgrade ends with.
 */
public final class PreflightText {

  private PreflightText() {}

  /** A row of the CLI's table: "ok       etcd                     etcd is healthy". */
  public static String row(PreflightFinding f) {
    return String.format("%-8s %-24s %s", f.severity(), f.check(), f.message());
  }

  /** A bullet of the details: "- ok [etcd] etcd is healthy". */
  public static String bullet(PreflightFinding f) {
    return "- " + f.severity() + " [" + f.check() + "] " + f.message();
  }

  /** The message of a blocked upgrade's failure: every blocker, one a line. */
  public static String refusal(String cluster, List<PreflightFinding> blockers) {
    StringBuilder sb =
        new StringBuilder("preflight refused the upgrade of ").append(cluster).append(':');
    blockers.forEach(f -> sb.append("\n- [").append(f.check()).append("] ").append(f.message()));
    return sb.toString();
  }
}
