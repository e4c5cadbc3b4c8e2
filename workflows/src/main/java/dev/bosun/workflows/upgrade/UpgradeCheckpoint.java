package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.activities.EtcdSnapshot;
import java.util.List;

/**
 * What a RollingUpgrade carries across continue-as-new (large clusters): everything already decided,
 * so the new run resumes at the next batch without repeating preflight or finished nodes.
 *
 * @param nodeVersions every node's kubelet version when the upgrade started (the batch plan is rebuilt from it)
 * @param run how many runs came before this one (1 after the first continue-as-new)
 * @param pauseReason the operator's pause, when one arrived while the run was handing over (null: not paused)
 * @param vmSnapshots the workers whose VM is snapshotted before their upgrade (null in checkpoints written before it existed)
 */
public record UpgradeCheckpoint(
    KubeVersionFrom from,
    String packageVersion,
    List<String> cordonedBefore,
    EtcdSnapshot snapshot,
    List<PreflightFinding> findings,
    List<NodeReport> finished,
    int nextBatch,
    long startedAtMillis,
    int failedNodes,
    boolean approvedWorkers,
    java.util.Map<String, String> nodeVersions,
    int run,
    String pauseReason,
    List<String> vmSnapshots) {

  /** Without VM snapshots (the signature before {@code vmSnapshots}). */
  public UpgradeCheckpoint(
      KubeVersionFrom from,
      String packageVersion,
      List<String> cordonedBefore,
      EtcdSnapshot snapshot,
      List<PreflightFinding> findings,
      List<NodeReport> finished,
      int nextBatch,
      long startedAtMillis,
      int failedNodes,
      boolean approvedWorkers,
      java.util.Map<String, String> nodeVersions,
      int run,
      String pauseReason) {
    this(
        from,
        packageVersion,
        cordonedBefore,
        snapshot,
        findings,
        finished,
        nextBatch,
        startedAtMillis,
        failedNodes,
        approvedWorkers,
        nodeVersions,
        run,
        pauseReason,
        null);
  }

  /** The version the cluster was at when the upgrade started (kept as text for readability in the UI). */
  public record KubeVersionFrom(String version) {}
}
