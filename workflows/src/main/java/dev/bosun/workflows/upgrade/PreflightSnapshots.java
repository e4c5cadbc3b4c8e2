package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.hypervisor;
import static dev.bosun.workflows.upgrade.PreflightFinding.Severity.OK;
import static dev.bosun.workflows.upgrade.PreflightFinding.Severity.WARNING;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.HypervisorFacts;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.PreflightFinding.Check;
import io.temporal.failure.ActivityFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * With {@code upgrade.snapshotBeforeUpgrade}: which workers get a VM snapshot before their upgrade. Each hypervisor of
 * the workers' VMs is inspected (read-only) once; a worker without a {@code vm}, or on a hypervisor that cannot
 * snapshot (UTM, a Vagrant provider without snapshots) or cannot be reached, falls back to the package rollback, and
 * a warning names it. Control planes are never snapshotted: they are never rolled back.
 */
final class PreflightSnapshots {

  private final Inventory inventory;
  private final List<PreflightFinding> findings;

  PreflightSnapshots(Inventory inventory, List<PreflightFinding> findings) {
    this.inventory = inventory;
    this.findings = findings;
  }

  /** The workers whose VM is snapshotted before their upgrade, in inventory order. */
  List<String> check() {
    List<String> noVm = inventory.workers().stream()
        .filter(n -> n.vm() == null)
        .map(NodeSpec::name)
        .toList();
    if (!noVm.isEmpty()) {
      add(
          WARNING,
          "snapshotBeforeUpgrade does not apply to workers without a vm (machines Bosun did not create): "
              + String.join(", ", noVm) + ": they fall back to the package rollback");
    }
    Map<String, List<String>> byHypervisor = new LinkedHashMap<>();
    inventory.workers().stream()
        .filter(n -> n.vm() != null)
        .forEach(n -> byHypervisor
            .computeIfAbsent(Inventory.hypervisorName(n), h -> new ArrayList<>())
            .add(n.name()));
    List<String> snapshotted = new ArrayList<>();
    byHypervisor.forEach((name, nodes) -> {
      if (canSnapshot(name, inventory.node(nodes.get(0)), String.join(", ", nodes))) {
        snapshotted.addAll(nodes);
      }
    });
    return List.copyOf(snapshotted);
  }

  private boolean canSnapshot(String name, NodeSpec first, String nodes) {
    HypervisorSpec spec = inventory.hypervisorOf(first);
    if (spec == null || HypervisorSpec.NONE.equals(spec.kind())) {
      add(
          WARNING,
          "hypervisor " + name + " is not defined (kind none): " + nodes
              + " fall back to the package rollback");
      return false;
    }
    try {
      HypervisorFacts facts = hypervisor(
              BosunActivityOptions.HYPERVISOR_QUICK,
              "inspect hypervisor " + name + " for VM snapshots")
          .inspectHypervisor(HypervisorTarget.of(inventory, first));
      if (facts.snapshots()) {
        add(OK, "VM snapshot on " + name + " (" + spec.kind() + ") before the upgrade of " + nodes);
        return true;
      }
      add(
          WARNING,
          name + " (" + spec.kind() + ") cannot snapshot VMs"
              + (facts.snapshotNote() == null ? "" : " (" + facts.snapshotNote() + ")") + ": "
              + nodes + " fall back to the package rollback");
    } catch (ActivityFailure e) {
      add(
          WARNING,
          "cannot inspect hypervisor " + name + ": " + WorkflowFailures.describe(e) + ": " + nodes
              + " fall back to the package rollback");
    }
    return false;
  }

  private void add(PreflightFinding.Severity severity, String message) {
    findings.add(new PreflightFinding(severity, Check.VM_SNAPSHOTS, message));
  }
}
