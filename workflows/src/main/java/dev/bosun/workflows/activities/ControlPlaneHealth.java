package dev.bosun.workflows.activities;

import java.util.List;

/**
 * @param readyz the API server answered /readyz with "ok"
 * @param problems what is not healthy, one line each (empty when healthy)
 */
public record ControlPlaneHealth(
    String node, List<StaticPod> staticPods, boolean readyz, List<String> problems) {

  public boolean healthy() {
    return problems.isEmpty();
  }
}
