package dev.bosun.workflows.model;

import java.util.List;

/**
 * Restore drill settings: when it runs, where its scratch cluster lives, how Velero reaches the restored copy, and
 * what "restored" must mean.
 *
 * @param scratch the drill's own VMs (inventory-shaped: endpoint, hypervisor, nodes); null = no drill possible
 * @param velero Velero on the scratch cluster and the scratch bucket it reads; null = no drill possible
 */
public record DrillSpec(
    String schedule, List<DrillCheck> checks, ScratchSpec scratch, DrillVeleroSpec velero) {

  public DrillSpec {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  public DrillSpec(String schedule, List<DrillCheck> checks) {
    this(schedule, checks, null, null);
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

  /**
   * The scratch cluster: built by a child ClusterInit on these VMs, destroyed after every drill.
   *
   * @param controlPlaneEndpoint the scratch API server (HOST:PORT), never the production cluster's
   * @param hypervisor where the scratch VMs live
   * @param nodes the scratch nodes (the first control plane runs {@code velero install})
   */
  public record ScratchSpec(
      String controlPlaneEndpoint, HypervisorSpec hypervisor, List<NodeSpec> nodes) {

    public ScratchSpec {
      nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }
  }

  /**
   * Velero on the scratch cluster, reading the scratch bucket the off-host copy is restored into.
   *
   * @param plugins the object-store plugin image ({@code velero install --plugins})
   * @param credentialsFile the worker-side path of the S3 credentials file (a reference; its bytes go to the node only)
   * @param scratchBucket the scratch bucket as rclone names it ({@code s3:drill-scratch}, with
   *     {@code backup.offHost.rcloneConfig})
   * @param bucket the same bucket's S3 name, for Velero
   * @param region the S3 region ({@code us-east-1} for s3proxy / MinIO)
   * @param s3Url the S3 endpoint as the scratch nodes reach it
   */
  public record DrillVeleroSpec(
      String plugins,
      String credentialsFile,
      String scratchBucket,
      String bucket,
      String region,
      String s3Url) {}
}
