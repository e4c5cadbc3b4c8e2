package dev.bosun.workflows.init;

import dev.bosun.workflows.activities.HypervisorFacts;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hypervisors an inventory's VMs use, and what was learnt of them before anything was created: their facts
 * and the VMs of this cluster already on them. Only a VM that was there before this run may count as adopted: a
 * VM that an earlier attempt of this run's own createVm made (and then failed to report) is this run's to undo.
 */
final class Hypervisors {

  private final Map<String, HypervisorFacts> facts = new LinkedHashMap<>();
  private final Set<String> existing = new HashSet<>();

  /** Name → target of every hypervisor a VM node of {@code inv} lives on, in the order the nodes name them. */
  static Map<String, HypervisorTarget> used(Inventory inv) {
    Map<String, HypervisorTarget> out = new LinkedHashMap<>();
    for (NodeSpec n : inv.vmNodes()) {
      out.computeIfAbsent(Inventory.hypervisorName(n), name -> HypervisorTarget.of(inv, n));
    }
    return out;
  }

  void inspected(String hypervisor, HypervisorFacts f, List<VmInfo> vms) {
    facts.put(hypervisor, f);
    for (VmInfo vm : vms) {
      existing.add(hypervisor + "/" + vm.node());
      existing.add(hypervisor + "/vm:" + vm.vmName());
    }
  }

  /** The cluster's VM for {@code node} (or named {@code vmName}) was on {@code hypervisor} before this run created anything. */
  boolean existedBefore(String hypervisor, String node, String vmName) {
    return existing.contains(hypervisor + "/" + node)
        || existing.contains(hypervisor + "/vm:" + vmName);
  }

  /** One line per hypervisor for the report. */
  List<String> notes() {
    return facts.values().stream()
        .map(f -> "hypervisor " + f.name() + ": " + f.kind() + " " + f.toolVersion()
            + (f.switchType() == null ? "" : ", switch " + f.switchType())
            + (f.snapshots()
                ? ", snapshots"
                : ", no snapshots"
                    + (f.snapshotNote() == null ? "" : " (" + f.snapshotNote() + ")")))
        .toList();
  }

  /** amd64 / arm64 from what the node reports ({@code uname -m} or dpkg's word), else as reported. */
  static String arch(String reported) {
    return dev.bosun.workflows.rules.Architecture.debian(reported);
  }
}
