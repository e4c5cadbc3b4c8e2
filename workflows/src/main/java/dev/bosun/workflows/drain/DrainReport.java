package dev.bosun.workflows.drain;

import dev.bosun.workflows.activities.DrainPlan.SkippedPod;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.activities.PodRef;
import java.util.List;

/**
 * What a drain did.
 *
 * @param outcome drained, refused (the plan refused: unmanaged/emptyDir/DaemonSet pods) or timed-out
 * @param wasCordoned the node was cordoned before Bosun (so Bosun never uncordons it)
 * @param remaining pods still on the node when the drain ended (empty when drained)
 * @param uncordoned the compensation uncordoned the node again
 */
public record DrainReport(
    String node,
    DrainOutcome outcome,
    boolean wasCordoned,
    List<PodRef> evicted,
    List<SkippedPod> skipped,
    List<PdbBlocker> blockersSeen,
    List<PodRef> remaining,
    List<String> refusals,
    boolean uncordoned,
    long durationMillis) {}
