package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.hypervisor;
import static dev.bosun.workflows.ActivityStubs.kube;
import static dev.bosun.workflows.WorkflowFailures.cancelled;
import static dev.bosun.workflows.WorkflowFailures.describe;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;

/**
 * A worker's VM snapshot around its upgrade ({@code upgrade.snapshotBeforeUpgrade}): taken after the drain and before
 * the first package change, restored on rollback in place of the package reinstall (the VM comes back with its old
 * packages, holds, repository and kubelet), deleted once the node is upgraded. Only for a node whose input names the
 * hypervisor ({@link NodeUpgradeInput#snapshotOn()}): every other node runs exactly as before the option existed.
 */
final class NodeSnapshot {

  /** Change id: runs recorded before the snapshot existed (none had the option on) replay without it. */
  static final String CHANGE_ID = "vm-snapshot-before-upgrade";

  private final NodeUpgradeInput in;
  private final String name;
  private final String node;
  private Boolean applies;
  private boolean registered;
  private boolean saved;

  NodeSnapshot(NodeUpgradeInput in) {
    this.in = in;
    this.name = name(in.target());
    this.node = in.host().node();
  }

  /** The snapshot's name on the hypervisor: {@code bosun-pre-upgrade-v1.31.2}. */
  static String name(KubeVersion target) {
    return "bosun-pre-upgrade-" + target;
  }

  /** Whether this node is snapshotted: a worker with a snapshot-capable hypervisor in its input, on a versioned run. */
  private boolean applies() {
    if (applies == null) {
      applies = in.snapshotOn() != null
          && in.role() == NodeRole.WORKER
          && Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == 1;
    }
    return applies;
  }

  /**
   * Before the first package change: registers the restore (before the save), drops a leftover snapshot of the same
   * name (an earlier run's, whose delete failed: restoring it would bring back a stale VM), then saves. True when the
   * node's rollback is the snapshot (its packages need no reinstall); false when the option does not apply.
   */
  boolean take(NodeCompensation compensation) {
    if (!applies()) {
      return false;
    }
    if (!registered) {
      compensation.add(this::restore);
      registered = true;
    }
    if (!saved) {
      hypervisor(
              BosunActivityOptions.VM_LIFECYCLE,
              "delete leftover VM snapshot " + name + " of " + node)
          .deleteSnapshot(in.snapshotOn(), node, name);
      hypervisor(
              BosunActivityOptions.VM_LIFECYCLE,
              "save VM snapshot " + name + " of " + node + " on "
                  + in.snapshotOn().name())
          .saveSnapshot(in.snapshotOn(), node, name);
      saved = true;
    }
    return true;
  }

  /** After the upgrade: deletes the snapshot. A failed delete is a note for the report (null: nothing to say), never a failure. */
  String deleteAfterUpgrade() {
    if (!saved) {
      return null;
    }
    return delete("");
  }

  /**
   * Rollback: the VM back to the snapshot (packages, holds, repository and kubelet as before the upgrade; the kubelet
   * restarts at the old version), then Ready at the old version, then the snapshot deleted. Nothing to restore when
   * the save never completed: no package had changed yet.
   */
  private String restore() {
    if (!saved) {
      return "no VM snapshot of " + node
          + " to restore (the save did not complete, so no package had changed)";
    }
    hypervisor(
            BosunActivityOptions.VM_LIFECYCLE,
            "restore VM snapshot " + name + " of " + node + " (rollback)")
        .restoreSnapshot(in.snapshotOn(), node, name);
    kube(
            BosunActivityOptions.WAIT_READY,
            "wait for " + node + " Ready at " + in.from() + " (rollback)")
        .waitForNodeReady(in.cluster(), node, in.from(), NodeUpgradeWorkflowImpl.READY_TIMEOUT);
    String note = delete(" (rollback)");
    return "restored VM snapshot " + name + " of " + node + " on "
        + in.snapshotOn().name() + ", Ready again at " + in.from()
        + (note == null ? "" : " (" + note + ")");
  }

  private String delete(String suffix) {
    try {
      hypervisor(
              BosunActivityOptions.VM_LIFECYCLE,
              "delete VM snapshot " + name + " of " + node + suffix)
          .deleteSnapshot(in.snapshotOn(), node, name);
      return null;
    } catch (TemporalFailure e) {
      if (cancelled(e)) {
        throw e;
      }
      return "VM snapshot " + name + " of " + node + " left on "
          + in.snapshotOn().name() + ", its delete failed: " + describe(e)
          + ": delete it on the hypervisor";
    }
  }
}
