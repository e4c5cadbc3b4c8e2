package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.activities.EtcdSnapshot;
import java.util.List;

/**
 * The final word on a rolling upgrade.
 *
 * @param outcome Completed, Aborted or Failed (the same words as BosunPhase)
 * @param nodes every node: its version before and after, what happened, what was compensated
 * @param compensations what compensation did, and whether it worked, one line each
 * @param hops a minor-version chain's hops, in order (null for a single upgrade and in reports recorded before chains);
 *     then {@code nodes} are the last hop's and {@code snapshot} the first hop's (the restore point of the chain)
 */
public record UpgradeReport(
    String cluster,
    String from,
    String target,
    Phase outcome,
    String reason,
    List<NodeReport> nodes,
    List<PreflightFinding> preflight,
    EtcdSnapshot snapshot,
    List<String> compensations,
    long durationMillis,
    List<HopReport> hops) {}
