package dev.bosun.workflows.activities;

import java.util.List;

/**
 * The workloads of one restored namespace (Deployments, StatefulSets, DaemonSets) and which are not Ready.
 *
 * @param notReady {@code kind/name ready/desired} of each workload not (yet) Ready
 */
public record NamespaceWorkloads(String namespace, int total, List<String> notReady) {

  public NamespaceWorkloads {
    notReady = notReady == null ? List.of() : List.copyOf(notReady);
  }

  public boolean ready() {
    return notReady.isEmpty();
  }
}
