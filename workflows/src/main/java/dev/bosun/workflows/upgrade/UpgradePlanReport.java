package dev.bosun.workflows.upgrade;

import java.util.List;

/**
 * The read-only plan: preflight findings and the order in which nodes would be upgraded.
 *
 * @param batches the node names per stage, in order: [cp-1], [cp-2], [cp-3], [w-1, w-2], ...
 * @param packageVersion the resolved package version of the target (null if it could not be checked read-only)
 * @param hops a minor-version chain's hops (null for a single upgrade); then {@code findings} and {@code batches} are
 *     the first hop's (each later hop runs its own preflight when it starts)
 */
public record UpgradePlanReport(
    String cluster,
    String from,
    String target,
    List<PreflightFinding> findings,
    List<List<String>> batches,
    String packageVersion,
    List<HopPlan> hops) {

  /** A single upgrade's plan (the signature before chains). */
  public UpgradePlanReport(
      String cluster,
      String from,
      String target,
      List<PreflightFinding> findings,
      List<List<String>> batches,
      String packageVersion) {
    this(cluster, from, target, findings, batches, packageVersion, null);
  }

  public boolean blocked() {
    return findings.stream().anyMatch(PreflightFinding::blocks);
  }
}
