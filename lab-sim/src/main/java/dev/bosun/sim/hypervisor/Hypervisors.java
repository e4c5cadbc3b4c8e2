package dev.bosun.sim.hypervisor;

import dev.bosun.sim.LabState;
import dev.bosun.sim.host.HostState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The VMs of every simulated hypervisor host and their faults. Programs call it with the lab lock held; a VM's first
 * boot makes its guest a lab host (LabState.machines()), destroying it removes the host.
 */
public final class Hypervisors {

  private final String cluster;
  private final Map<String, Map<String, Vm>> vmsByHost = new LinkedHashMap<>();
  private final Set<String> failCreate = new HashSet<>();
  private final Set<String> noAddress = new HashSet<>();
  private final Set<String> automationDenied = new HashSet<>();
  private LabState state;

  /** @param cluster the lab's cluster: a VM named {@code <cluster>-<node>} boots a guest named {@code <node>} */
  public Hypervisors(String cluster) {
    this.cluster = cluster;
  }

  public void attach(LabState state) {
    this.state = state;
  }

  /** The VMs of one hypervisor host by name (live map: programs add and remove). */
  public Map<String, Vm> vms(String host) {
    return vmsByHost.computeIfAbsent(host, h -> new LinkedHashMap<>());
  }

  public Collection<Vm> all(String host) {
    return vms(host).values();
  }

  /** A VM record (not yet booted); its guest will be named after the node its name carries. */
  public Vm define(String host, String name, String arch) {
    Vm vm = new Vm(
        name, name.startsWith(cluster + "-") ? name.substring(cluster.length() + 1) : name, arch);
    vms(host).put(name, vm);
    return vm;
  }

  /** Powers the VM on; its first boot brings its guest up as a lab host. */
  public void boot(Vm vm) {
    vm.running = true;
    if (vm.guest != null
        && state != null
        && !vm.guest.kubeletActive()
        && vm.guest.enabledUnits().contains("kubelet.service")
        && vm.guest.packages().containsKey("kubelet")) {
      state.restartKubelet(
          vm.guest); // a boot (after a restored checkpoint) starts the enabled kubelet
    }
    if (vm.guest == null && state != null && state.machines() != null) {
      try {
        vm.guest = state.machines().create(vm.node, vm.arch);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Takes a snapshot: its name, and a deep copy of the guest's state once it has booted. */
  public void saveSnapshot(Vm vm, String snapshot) {
    vm.snapshots.add(snapshot);
    if (vm.guest != null) {
      vm.images.put(snapshot, vm.guest.image());
    }
  }

  /**
   * Restores a snapshot: the guest's disk and services come back as they were saved (packages, holds, files, the
   * kubelet's binary and configuration). {@code running}: the VM goes on from the snapshot (vagrant-libvirt's live
   * snapshot), so the guest comes up as after a reboot: a kubelet that ran at the save restarts at the restored binary
   * and its Node goes NotReady, then Ready at that version. Otherwise (a Hyper-V production checkpoint) the VM is left
   * off with its kubelet down (the Node goes NotReady) until it is started.
   */
  public void restoreSnapshot(Vm vm, String snapshot, boolean running) {
    HostState.Image image = vm.images.get(snapshot);
    if (vm.guest == null || image == null) {
      vm.running = running && vm.running;
      return;
    }
    vm.guest.restore(image);
    vm.running = running && vm.running;
    if (state == null) {
      return;
    }
    if (vm.running && image.kubeletActive()) {
      state.restartKubelet(vm.guest);
    } else {
      state.stopKubelet(vm.guest);
    }
  }

  public void deleteSnapshot(Vm vm, String snapshot) {
    vm.snapshots.remove(snapshot);
    vm.images.remove(snapshot);
  }

  public void powerOff(Vm vm) {
    vm.running = false;
  }

  /** Removes the VM and its guest host; the processes lab-sim runs for that guest (a Velero server) end with it. */
  public void destroy(String host, Vm vm) {
    vms(host).remove(vm.name);
    if (vm.guest != null && state != null) {
      state.stopProcesses(vm.guest.name());
      try {
        state.machines().destroy(vm.guest.name());
      } catch (IOException | IllegalArgumentException e) {
        // already gone
      }
      vm.guest = null;
    }
  }

  /** The guest's IPv4 address as the hypervisor reports it: none while off, or under the no-address fault. */
  public String address(String host, Vm vm) {
    return vm.running && vm.guest != null && !noAddress.contains(host) ? vm.guest.address() : null;
  }

  // ---- faults (Faults declares them; cleared with the others) ----

  public void failCreate(String host, boolean on) {
    set(failCreate, host, on);
  }

  public boolean createFails(String host) {
    return failCreate.contains(host);
  }

  public void noAddress(String host, boolean on) {
    set(noAddress, host, on);
  }

  public void automationDenied(String host, boolean on) {
    set(automationDenied, host, on);
  }

  public boolean automationDenied(String host) {
    return automationDenied.contains(host);
  }

  public void clearFaults() {
    failCreate.clear();
    noAddress.clear();
    automationDenied.clear();
  }

  private static void set(Set<String> set, String host, boolean on) {
    if (on) {
      set.add(host);
    } else {
      set.remove(host);
    }
  }
}
