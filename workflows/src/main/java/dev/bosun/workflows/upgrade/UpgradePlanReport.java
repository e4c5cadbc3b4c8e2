package dev.bosun.workflows.upgrade;

import java.util.List;

/**
 * The read-only plan: preflight findings and the order in which nodes would be upgraded.
 *
 * @param batches the node names per stage, in order: [cp-1], [cp-2], [cp-3], [w-1, w-2], ...
 * @param packageVersion the resolved package version of the target (null if it could not be checked read-only)
 */
public record UpgradePlanReport(
    String cluster,
    String from,
    String target,
    List<PreflightFinding> findings,
    List<List<String>> batches,
    String packageVersion) {

  public boolean blocked() {
    return findings.stream().anyMatch(PreflightFinding::blocks);
  }
}
