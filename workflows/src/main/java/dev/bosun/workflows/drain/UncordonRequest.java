package dev.bosun.workflows.drain;

import dev.bosun.workflows.model.ClusterTarget;

public record UncordonRequest(ClusterTarget cluster, String node) {}
