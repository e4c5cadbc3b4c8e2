package dev.bosun.workflows.upgrade;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;

/**
 * One preflight result; {@link PreflightText} puts it into words.
 *
 * @param severity blocker (the upgrade will not start), warning, or ok
 * @param check what was checked
 */
public record PreflightFinding(Severity severity, Check check, String message) {

  public boolean blocks() {
    return severity == Severity.BLOCKER;
  }

  /** How a finding weighs on the upgrade. */
  public enum Severity implements Labelled {
    BLOCKER,
    WARNING,
    OK;

    @JsonValue
    @Override
    public String toString() {
      return Labels.of(this);
    }
  }

  /** What preflight checks, in the order it checks them. */
  public enum Check implements Labelled {
    /** The first control plane answers over SSH. */
    SSH,
    /** Every inventory node is in the cluster. */
    INVENTORY,
    CONTROL_PLANE_VERSIONS,
    /** No minor skipped, no downgrade. */
    VERSION_SKEW,
    NODES_READY,
    /** Nodes cordoned before Bosun (they stay cordoned). */
    CORDONED,
    ETCD,
    CERTIFICATES,
    /** etcdctl and etcdutl, for the snapshot. */
    ETCD_TOOLS,
    /** PodDisruptionBudgets that would block a drain forever. */
    PDB,
    /** upgrade.snapshotBeforeUpgrade: which workers' VMs can be snapshotted, which fall back to the package rollback. */
    VM_SNAPSHOTS,
    /** The target's packages are available. */
    PACKAGES;

    @JsonValue
    @Override
    public String toString() {
      return Labels.of(this);
    }
  }
}
