package dev.bosun.activities.hypervisor;

import dev.bosun.workflows.activities.HypervisorFacts;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.activities.VmRequest;
import java.util.List;

/**
 * One hypervisor's way of doing each VM operation. The activity implementation validates names, picks the driver by
 * {@code kind} and the host to run on; a driver checks ownership (its marker) before it changes anything.
 */
interface HypervisorDriver {

  HypervisorFacts inspect(HypervisorTarget t, HypervisorHost host);

  VmInfo create(HypervisorTarget t, HypervisorHost host, VmRequest vm);

  /** The VM as it is now, with its IPv4 address if it reports one yet; fails when it does not exist or is not ours. */
  VmInfo poll(HypervisorTarget t, HypervisorHost host, String node);

  StepOutcome start(HypervisorTarget t, HypervisorHost host, String node);

  StepOutcome stop(HypervisorTarget t, HypervisorHost host, String node);

  StepOutcome snapshot(
      HypervisorTarget t, HypervisorHost host, String node, SnapshotOp op, String snapshot);

  StepOutcome destroy(HypervisorTarget t, HypervisorHost host, String node);

  List<VmInfo> list(HypervisorTarget t, HypervisorHost host);

  enum SnapshotOp {
    SAVE,
    RESTORE,
    DELETE
  }
}
