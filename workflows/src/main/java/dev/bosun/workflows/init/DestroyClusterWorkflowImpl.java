package dev.bosun.workflows.init;

import static dev.bosun.workflows.ActivityStubs.hypervisor;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.model.Inventory;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * {@code bosun destroy} (see {@link DestroyClusterWorkflow}): on every hypervisor the inventory's VMs use, list the
 * cluster's VMs (those carrying its marker), destroy each, and list again: the report says what went and what is
 * left. Nodes without a VM (existing machines) are not touched, and need no {@code kubeadm reset}: their VMs go.
 */
public class DestroyClusterWorkflowImpl implements DestroyClusterWorkflow {

  private static final Logger log = Workflow.getLogger(DestroyClusterWorkflowImpl.class);

  @Override
  public DestroyReport destroy(DestroyRequest request) {
    long started = Workflow.currentTimeMillis();
    Inventory inventory = request.inventory();
    Map<String, HypervisorTarget> used = Hypervisors.used(inventory);
    phase(
        "Destroying",
        "Destroying the VMs of " + inventory.cluster() + " on " + String.join(", ", used.keySet()));
    List<VmInfo> destroyed = new ArrayList<>();
    for (HypervisorTarget hv : used.values()) {
      for (VmInfo vm : listVms(hv)) {
        if (destroyVm(hv, vm)) {
          destroyed.add(vm);
        }
      }
    }
    List<VmInfo> remaining = new ArrayList<>();
    used.values().forEach(hv -> remaining.addAll(listVms(hv)));
    phase(
        remaining.isEmpty() ? "Completed" : "Failed",
        "Destroyed " + destroyed.size() + " VM(s) of " + inventory.cluster()
            + (remaining.isEmpty()
                ? ""
                : "; left: " + remaining.stream().map(VmInfo::vmName).toList()));
    return new DestroyReport(
        inventory.cluster(), destroyed, remaining, Workflow.currentTimeMillis() - started);
  }

  private static List<VmInfo> listVms(HypervisorTarget hv) {
    return hypervisor(
            BosunActivityOptions.HYPERVISOR_QUICK,
            "list VMs of " + hv.cluster() + " on " + hv.name())
        .listVms(hv);
  }

  /** One VM; a failure (after the activity's retries) is logged and the VM shows up in {@code remaining}. */
  private static boolean destroyVm(HypervisorTarget hv, VmInfo vm) {
    try {
      hypervisor(
              BosunActivityOptions.VM_LIFECYCLE, "destroy VM " + vm.vmName() + " on " + hv.name())
          .destroyVm(hv, vm.node());
      return true;
    } catch (ActivityFailure e) {
      if (WorkflowFailures.cancelled(e)) {
        throw e;
      }
      log.warn(
          "destroying {} on {} failed: {}", vm.vmName(), hv.name(), WorkflowFailures.describe(e));
      return false;
    }
  }

  private static void phase(String phase, String details) {
    Workflow.upsertTypedSearchAttributes(BosunSearchAttributes.PHASE.valueSet(phase));
    Workflow.setCurrentDetails(details);
  }
}
