package dev.bosun.workflows.testing;

import dev.bosun.workflows.activities.HypervisorActivities;
import dev.bosun.workflows.activities.HypervisorErrors;
import dev.bosun.workflows.activities.HypervisorFacts;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.activities.VmRequest;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.model.VmSpec;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The VM snapshots of a {@link FakeCluster}'s nodes, behind the hypervisor activities: a snapshot copies the node's
 * packages and kubelet, a restore writes them back (what a real VM snapshot does to the host). Calls go into the
 * cluster's own call list ("saveSnapshot:w-1:bosun-pre-upgrade-v1.31.2"), so their order against the host steps shows.
 * Hypervisor {@value #LINUX_BOX} is Vagrant on libvirt (snapshots), {@value #MAC} is UTM (none).
 */
public class FakeVmSnapshots implements HypervisorActivities {

  public static final String LINUX_BOX = "linux-box";
  public static final String MAC = "mac";

  private record Image(Map<String, String> packages, String kubelet) {}

  private final FakeCluster cluster;
  /** node → snapshot name → what it holds. */
  public final Map<String, Map<String, Image>> snapshots = new LinkedHashMap<>();
  /** Nodes whose next save fails; nodes whose deletes of an existing snapshot fail; hypervisors that cannot be reached. */
  public final Set<String> failSave = new HashSet<>();

  public final Set<String> failDelete = new HashSet<>();
  public final Set<String> unreachable = new HashSet<>();

  public FakeVmSnapshots(FakeCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * The cluster's inventory with {@code vms} (node → hypervisor name) giving those nodes a VM, and {@code upgrade} as
   * its upgrade section.
   */
  public static Inventory inventory(
      FakeCluster cluster, Map<String, String> vms, UpgradeSpec upgrade) {
    Inventory base = TestClusters.inventory(cluster);
    List<NodeSpec> nodes = base.nodes().stream()
        .map(n -> vms.containsKey(n.name())
            ? new NodeSpec(
                n.name(),
                n.role(),
                n.address(),
                n.sshPort(),
                new VmSpec(vms.get(n.name()), "bento/ubuntu-22.04", 2, 2048, 20, null))
            : n)
        .toList();
    Map<String, HypervisorSpec> hypervisors = new LinkedHashMap<>();
    hypervisors.put(
        LINUX_BOX,
        new HypervisorSpec(
            HypervisorSpec.VAGRANT,
            "10.0.9.1",
            "libvirt",
            "/home/bosun/labs/lab1",
            null,
            null,
            null,
            null));
    hypervisors.put(
        MAC,
        new HypervisorSpec(HypervisorSpec.UTM, "10.0.9.2", null, null, "bosun", null, null, null));
    return new Inventory(
        base.cluster(),
        base.kubernetes(),
        base.ssh(),
        null,
        nodes,
        upgrade,
        null,
        null,
        hypervisors,
        null);
  }

  /** Whether {@code node} holds a snapshot now. */
  public boolean has(String node, String snapshot) {
    synchronized (cluster) {
      return snapshots.getOrDefault(node, Map.of()).containsKey(snapshot);
    }
  }

  @Override
  public HypervisorFacts inspectHypervisor(HypervisorTarget hv) {
    synchronized (cluster) {
      cluster.calls.add("inspectHypervisor:" + hv.name());
      if (unreachable.contains(hv.name())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "ssh to " + hv.spec().host() + ": connection refused", HypervisorErrors.UNREACHABLE);
      }
      boolean utm = HypervisorSpec.UTM.equals(hv.spec().kind());
      return new HypervisorFacts(
          hv.name(),
          hv.spec().kind(),
          "2.4.1",
          false,
          null,
          false,
          !utm,
          utm ? "utmctl has no snapshot command" : null);
    }
  }

  @Override
  public StepOutcome saveSnapshot(HypervisorTarget hv, String node, String snapshot) {
    synchronized (cluster) {
      cluster.calls.add("saveSnapshot:" + node + ":" + snapshot);
      cluster.mutatingCalls.add("saveSnapshot:" + node);
      if (failSave.remove(node)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "injected: vagrant snapshot save of lab1-" + node + " failed",
            HypervisorErrors.TOOL_FAILED);
      }
      Map<String, Image> mine = snapshots.computeIfAbsent(node, n -> new LinkedHashMap<>());
      if (mine.containsKey(snapshot)) {
        return StepOutcome.skipped("lab1-" + node + ": snapshot " + snapshot + " already exists");
      }
      FakeCluster.Node n = cluster.node(node);
      mine.put(snapshot, new Image(new LinkedHashMap<>(n.packages), n.kubelet));
      return StepOutcome.done("lab1-" + node + ": snapshot " + snapshot + " saved");
    }
  }

  @Override
  public StepOutcome restoreSnapshot(HypervisorTarget hv, String node, String snapshot) {
    synchronized (cluster) {
      cluster.calls.add("restoreSnapshot:" + node + ":" + snapshot);
      cluster.mutatingCalls.add("restoreSnapshot:" + node);
      Image image = snapshots.getOrDefault(node, Map.of()).get(snapshot);
      if (image == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "lab1-" + node + ": no such snapshot " + snapshot, HypervisorErrors.TOOL_FAILED);
      }
      FakeCluster.Node n = cluster.node(node);
      n.packages.clear();
      n.packages.putAll(image.packages());
      n.kubelet =
          image.kubelet(); // the VM runs on from the snapshot: its kubelet at the saved version
      return StepOutcome.done("lab1-" + node + ": snapshot " + snapshot + " restored");
    }
  }

  @Override
  public StepOutcome deleteSnapshot(HypervisorTarget hv, String node, String snapshot) {
    synchronized (cluster) {
      cluster.calls.add("deleteSnapshot:" + node + ":" + snapshot);
      Map<String, Image> mine = snapshots.getOrDefault(node, Map.of());
      if (!mine.containsKey(snapshot)) {
        return StepOutcome.skipped("lab1-" + node + ": snapshot " + snapshot + " is already gone");
      }
      if (failDelete.contains(node)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "injected: vagrant snapshot delete of lab1-" + node + " failed",
            HypervisorErrors.TOOL_FAILED);
      }
      mine.remove(snapshot);
      return StepOutcome.done("lab1-" + node + ": snapshot " + snapshot + " deleted");
    }
  }

  @Override
  public VmInfo createVm(HypervisorTarget hv, VmRequest vm) {
    throw new UnsupportedOperationException("an upgrade creates no VM");
  }

  @Override
  public VmInfo waitForAddress(HypervisorTarget hv, String node, Duration timeout) {
    throw new UnsupportedOperationException("an upgrade waits for no VM address");
  }

  @Override
  public StepOutcome startVm(HypervisorTarget hv, String node) {
    throw new UnsupportedOperationException("an upgrade starts no VM");
  }

  @Override
  public StepOutcome stopVm(HypervisorTarget hv, String node) {
    throw new UnsupportedOperationException("an upgrade stops no VM");
  }

  @Override
  public StepOutcome destroyVm(HypervisorTarget hv, String node) {
    throw new UnsupportedOperationException("an upgrade destroys no VM");
  }

  @Override
  public List<VmInfo> listVms(HypervisorTarget hv) {
    throw new UnsupportedOperationException("an upgrade lists no VM");
  }
}
