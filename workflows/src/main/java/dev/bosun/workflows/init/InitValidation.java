package dev.bosun.workflows.init;

import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What an init request must be before anything runs; every problem names the field and the rule. */
final class InitValidation {

  static final String INVALID = "InvalidInitRequest";

  private InitValidation() {}

  static void check(InitRequest request) {
    List<String> problems = problems(request);
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "invalid init request: " + String.join("; ", problems), INVALID);
    }
  }

  static List<String> problems(InitRequest request) {
    List<String> out = new ArrayList<>();
    Inventory inv = request == null ? null : request.inventory();
    if (inv == null) {
      return List.of("inventory: required");
    }
    if (inv.kubernetes() == null || inv.ssh() == null) {
      return List.of((inv.kubernetes() == null ? "kubernetes" : "ssh") + ": required");
    }
    if (inv.controlPlanes().isEmpty()) {
      out.add("nodes: at least one node must have role control-plane");
    }
    try {
      KubeVersion.parse(inv.kubernetes().version());
    } catch (RuntimeException e) {
      out.add("kubernetes.version: " + e.getMessage());
    }
    if (inv.init().parallelism() < 1) {
      out.add("init.parallelism: must be at least 1, got " + inv.init().parallelism());
    }
    Set<String> names = new HashSet<>();
    for (NodeSpec n : inv.nodes()) {
      if (!names.add(n.name())) {
        out.add("nodes." + n.name() + ": the name is used twice");
      }
      if (n.vm() == null && (n.address() == null || n.address().isBlank())) {
        out.add("nodes." + n.name() + ".address: an existing machine (no vm) needs an address");
      }
      if (n.vm() != null) {
        HypervisorSpec hv = inv.hypervisorOf(n);
        if (hv == null || HypervisorSpec.NONE.equals(hv.kind())) {
          out.add("nodes." + n.name() + ".vm.hypervisor: '" + Inventory.hypervisorName(n)
              + "' names no hypervisor that can create VMs"
              + (inv.hypervisors().isEmpty()
                  ? ""
                  : " (hypervisors: " + String.join(", ", inv.hypervisors().keySet()) + ")"));
        }
      }
    }
    return out;
  }
}
