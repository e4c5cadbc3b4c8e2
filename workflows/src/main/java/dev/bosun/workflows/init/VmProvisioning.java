package dev.bosun.workflows.init;

import static dev.bosun.workflows.ActivityStubs.hypervisor;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.activities.HypervisorFacts;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.activities.VmRequest;
import dev.bosun.workflows.model.InitSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import java.util.List;
import java.util.Map;

/** The init's hypervisor side: each hypervisor inspected before anything exists, then each node's VM and its address. */
final class VmProvisioning {

  private final InitView view;
  private final NodeSteps steps;
  private final Compensations compensations;
  private final Hypervisors hypervisors;

  VmProvisioning(
      InitView view, NodeSteps steps, Compensations compensations, Hypervisors hypervisors) {
    this.view = view;
    this.steps = steps;
    this.compensations = compensations;
    this.hypervisors = hypervisors;
  }

  /** Every hypervisor used, before anything is created: its facts (an unsuitable one fails the init) and the cluster's VMs on it. */
  void inspect(Inventory inventory) {
    for (Map.Entry<String, HypervisorTarget> e : Hypervisors.used(inventory).entrySet()) {
      String name = e.getKey();
      HypervisorTarget hv = e.getValue();
      HypervisorFacts facts = steps.run(
          name,
          "inspect-hypervisor",
          InitView.PENDING,
          () -> hypervisor(BosunActivityOptions.HYPERVISOR_QUICK, "inspect hypervisor " + name)
              .inspectHypervisor(hv));
      List<VmInfo> existing = steps.run(
          name,
          "list-vms",
          InitView.PENDING,
          () -> hypervisor(
                  BosunActivityOptions.HYPERVISOR_QUICK,
                  "list VMs of " + inventory.cluster() + " on " + name)
              .listVms(hv));
      hypervisors.inspected(name, facts, existing);
    }
  }

  /** The VM: its undo registered before createVm (and taken back for an adopted VM); returns its address. */
  String provision(Inventory inventory, InitSpec spec, NodeSpec n) {
    String node = n.name();
    HypervisorTarget hv = HypervisorTarget.of(inventory, n);
    String destroy = Compensations.destroyVm(node);
    compensations.register(
        destroy,
        node,
        "destroy VM of " + node + " on " + hv.name(),
        () -> Compensations.said(hypervisor(
                BosunActivityOptions.VM_LIFECYCLE,
                "destroy VM of " + node + " on " + hv.name() + " (undo)")
            .destroyVm(hv, node)));
    VmInfo vm = steps.run(
        node,
        "create-vm",
        InitView.CREATING,
        () -> hypervisor(
                BosunActivityOptions.VM_LIFECYCLE, "create VM for " + node + " on " + hv.name())
            .createVm(hv, vmRequest(n)));
    boolean adopted = vm.adopted() && hypervisors.existedBefore(hv.name(), node, vm.vmName());
    if (adopted) {
      compensations.forget(destroy); // not ours to destroy: it was there before this run
    }
    view.vm(node, vm.vmName(), adopted);
    VmInfo up = steps.run(
        node,
        "wait-for-address",
        InitView.CREATING,
        () -> hypervisor(
                BosunActivityOptions.waitingFor(spec.addressTimeout(), true),
                "wait for the address of " + node)
            .waitForAddress(hv, node, spec.addressTimeout()));
    return up.address() != null ? up.address() : n.address();
  }

  private static VmRequest vmRequest(NodeSpec n) {
    return new VmRequest(
        n.name(),
        n.vm().image(),
        n.vm().cpus(),
        n.vm().memoryMiB(),
        n.vm().diskGiB(),
        n.vm().arch(),
        n.address());
  }
}
