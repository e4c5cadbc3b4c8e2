package dev.bosun.workflows.drain;

import dev.bosun.workflows.activities.PdbBlocker;
import java.util.List;

/** Live state of a drain, for the progress query and the CLI. */
public record DrainProgress(
    String node,
    String phase,
    int evicted,
    int remaining,
    int terminating,
    List<PdbBlocker> blockers,
    long elapsedMillis) {}
