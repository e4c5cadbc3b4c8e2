package dev.bosun.workflows.drain;

import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;

public record DrainRequest(ClusterTarget cluster, String node, DrainOptions options) {}
