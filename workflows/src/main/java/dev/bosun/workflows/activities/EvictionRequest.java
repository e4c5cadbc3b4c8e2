package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import java.time.Duration;
import java.util.List;

/**
 * @param pods what is left to evict (from the plan, less what earlier rounds evicted)
 * @param roundBudget how long this round may take before it returns its progress
 */
public record EvictionRequest(
    ClusterTarget cluster,
    String node,
    DrainOptions options,
    List<PodRef> pods,
    Duration roundBudget) {}
