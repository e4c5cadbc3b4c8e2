package dev.bosun.workflows.activities;

import java.util.List;

/**
 * @param evicted pods evicted (or found gone) and confirmed deleted in this round
 * @param terminating pods evicted but not yet gone
 * @param remaining pods not yet evicted (blocked, or not reached in this round)
 * @param blockers the PDBs that answered 429 and the pods they held back
 */
public record EvictionRound(
    List<PodRef> evicted,
    List<PodRef> terminating,
    List<PodRef> remaining,
    List<PdbBlocker> blockers) {

  public boolean finished() {
    return terminating.isEmpty() && remaining.isEmpty();
  }
}
