package dev.bosun.sim.hypervisor;

import dev.bosun.sim.host.HostState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One VM on a simulated hypervisor host, in the hypervisor's own terms. Its guest, once booted, is a lab host named
 * after the Kubernetes node ({@link #node}), so kubeadm's emulation registers the Node under the right name.
 */
public final class Vm {

  final String name;
  final String node;
  final String uuid = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
  final String arch;
  String image;
  int cpus;
  long memoryMiB;
  /** Hyper-V's Notes (Bosun's marker lives there); empty elsewhere. */
  String notes = "";

  String disk;
  boolean running;
  final List<String> snapshots = new ArrayList<>();
  /** Per snapshot name, the guest as it was when the snapshot was taken (none for a VM that had not booted yet). */
  final Map<String, HostState.Image> images = new HashMap<>();
  /** The guest as a lab host, from its first boot until the VM is destroyed. */
  HostState guest;

  Vm(String name, String node, String arch) {
    this.name = name;
    this.node = node;
    this.arch = arch;
  }

  public String name() {
    return name;
  }

  public boolean running() {
    return running;
  }

  public String notes() {
    return notes;
  }

  public List<String> snapshots() {
    return List.copyOf(snapshots);
  }

  /** The guest's lab host name (the node), or null before its first boot. */
  public String guestHost() {
    return guest == null ? null : guest.name();
  }
}
