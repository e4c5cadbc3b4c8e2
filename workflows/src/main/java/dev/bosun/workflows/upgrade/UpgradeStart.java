package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.UpgradeSpec;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run of a rolling upgrade starts: preflight's answers (the first run), or what the previous run
 * handed over through continue-as-new.
 *
 * @param versions every node's kubelet version when the upgrade started (the stages are planned from them)
 * @param cordonedBefore nodes cordoned before Bosun (they stay cordoned)
 * @param snapshot the etcd snapshot already taken, or null
 * @param nextStage the first stage this run runs
 * @param run how many runs came before this one
 * @param vmSnapshots the workers whose VM is snapshotted before their upgrade (preflight's {@link PreflightSnapshots})
 */
record UpgradeStart(
    Map<String, KubeVersion> versions,
    String packageVersion,
    List<String> cordonedBefore,
    EtcdSnapshot snapshot,
    int nextStage,
    int run,
    long startedAt,
    List<String> vmSnapshots) {

  /** Before the workflow method has started (a query that early). */
  static final UpgradeStart NOT_YET =
      new UpgradeStart(Map.of(), null, List.of(), null, 0, 0, 0, List.of());

  /** Preflight reads the cluster; a blocker ends the upgrade before anything changed. */
  static UpgradeStart preflight(
      Inventory inventory, KubeVersion target, UpgradeSpec options, UpgradeView view) {
    long startedAt = Workflow.currentTimeMillis();
    view.phase(Phase.PREFLIGHT, 0);
    Preflight.Result pre = new Preflight(
            inventory, target, false, options.etcdSnapshot(), options.snapshotBeforeUpgrade())
        .certificateRenewal(options.certificateRenewalOrDefault())
        .run();
    view.from(String.valueOf(pre.from()));
    view.findings(pre.findings());
    pre.nodeVersions().forEach((n, v) -> view.pending(n, v.toString()));
    if (pre.blocked()) {
      view.phase(Phase.FAILED, 0);
      view.details("Preflight refused the upgrade");
      throw pre.failure(inventory.cluster());
    }
    return new UpgradeStart(
        pre.nodeVersions(),
        pre.packageVersion(),
        pre.cordonedBefore(),
        null,
        0,
        0,
        startedAt,
        pre.vmSnapshots());
  }

  /** What the previous run decided: finished nodes, the operator's answers, the snapshot. */
  static UpgradeStart restore(
      UpgradeCheckpoint checkpoint, UpgradeView view, OperatorUpdates operator) {
    view.from(checkpoint.from().version());
    view.findings(checkpoint.findings());
    Map<String, KubeVersion> versions = new LinkedHashMap<>();
    checkpoint.nodeVersions().forEach((n, v) -> versions.put(n, KubeVersion.parse(v)));
    operator.restore(checkpoint);
    versions.forEach((n, v) -> view.pending(n, v.toString()));
    checkpoint.finished().forEach(view::finished);
    return new UpgradeStart(
        versions,
        checkpoint.packageVersion(),
        checkpoint.cordonedBefore(),
        checkpoint.snapshot(),
        checkpoint.nextBatch(),
        checkpoint.run(),
        checkpoint.startedAtMillis(),
        checkpoint.vmSnapshots() == null ? List.of() : checkpoint.vmSnapshots());
  }

  /** What this run hands over to the next (continue-as-new), which resumes at {@code nextStage}. */
  UpgradeCheckpoint checkpoint(
      UpgradeView view, OperatorUpdates operator, EtcdSnapshot snapshot, int nextStage) {
    Map<String, String> versionsText = new LinkedHashMap<>();
    versions.forEach((n, v) -> versionsText.put(n, v.toString()));
    return new UpgradeCheckpoint(
        new UpgradeCheckpoint.KubeVersionFrom(view.from()),
        packageVersion,
        cordonedBefore,
        snapshot,
        view.findings(),
        List.copyOf(view.outcomes()),
        nextStage,
        startedAt,
        operator.failedNodes(),
        operator.approvedWorkers(),
        versionsText,
        run + 1,
        operator.pauseReason(),
        vmSnapshots);
  }
}
