package dev.bosun.workflows.model;

import java.util.List;

/** Restore drill settings: when it runs and what "restored" must mean. */
public record DrillSpec(String schedule, List<DrillCheck> checks) {

  public DrillSpec {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /**
   * One check after a restore.
   *
   * @param kind restore-phase, workloads-ready, sentinel-checksum or http-probe
   * @param namespace workloads-ready / sentinel-checksum: where to look
   * @param resource sentinel-checksum: the ConfigMap/Secret/PVC path holding the sentinel
   * @param expected sentinel-checksum: the expected sha256; http-probe: the expected status code
   * @param url http-probe: the URL to probe inside the scratch cluster
   */
  public record DrillCheck(
      String kind, String namespace, String resource, String expected, String url) {}
}
