package dev.bosun.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;
import java.util.List;

/**
 * VMs on Vagrant, Hyper-V and UTM, one driver per hypervisor behind this interface. Every mutating method is
 * idempotent, and touches only VMs that carry this cluster's marker: a VM of the same name without it is refused
 * ({@link HypervisorErrors#NOT_OURS}).
 */
@ActivityInterface
public interface HypervisorActivities {

  /** Version, edition (client Hyper-V), switch and snapshot support. Changes nothing. */
  @ActivityMethod
  HypervisorFacts inspectHypervisor(HypervisorTarget hypervisor);

  /** Creates and starts the VM; an existing VM of this cluster with the name is adopted ({@link VmInfo#adopted()}). */
  @ActivityMethod
  VmInfo createVm(HypervisorTarget hypervisor, VmRequest vm);

  /** Waits (heartbeating) until the VM reports an IPv4 address. */
  @ActivityMethod
  VmInfo waitForAddress(HypervisorTarget hypervisor, String node, Duration timeout);

  @ActivityMethod
  StepOutcome startVm(HypervisorTarget hypervisor, String node);

  @ActivityMethod
  StepOutcome stopVm(HypervisorTarget hypervisor, String node);

  @ActivityMethod
  StepOutcome saveSnapshot(HypervisorTarget hypervisor, String node, String snapshot);

  @ActivityMethod
  StepOutcome restoreSnapshot(HypervisorTarget hypervisor, String node, String snapshot);

  @ActivityMethod
  StepOutcome deleteSnapshot(HypervisorTarget hypervisor, String node, String snapshot);

  /** Destroys the VM; already gone is success. Refuses a VM that is not this cluster's. */
  @ActivityMethod
  StepOutcome destroyVm(HypervisorTarget hypervisor, String node);

  /** The VMs on this hypervisor that carry this cluster's marker. */
  @ActivityMethod
  List<VmInfo> listVms(HypervisorTarget hypervisor);
}
