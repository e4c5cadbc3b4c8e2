package dev.bosun.sim;

import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.HostState.Platform;
import java.util.List;

/**
 * The hypervisor hosts of a lab for {@code bosun init} (LabSpec.hypervisors): where Bosun creates the VMs.
 * vagrant-host is a Linux box with Vagrant (libvirt), hyperv-host a Windows 10 Pro box whose SSH shell is cmd.exe,
 * utm-host an Apple Silicon Mac with UTM.
 */
public final class HypervisorHosts {

  public static final String VAGRANT = "vagrant-host";
  public static final String HYPERV = "hyperv-host";
  public static final String UTM = "utm-host";

  static final List<SimHost> HOSTS = List.of(
      new SimHost(VAGRANT, SimHost.HYPERVISOR, "127.0.3.1"),
      new SimHost(HYPERV, SimHost.HYPERVISOR, "127.0.3.2"),
      new SimHost(UTM, SimHost.HYPERVISOR, "127.0.3.3"));

  private HypervisorHosts() {}

  /** The images VMs are made from, as the inventory's {@code vm.image} names them. */
  public static final String HYPERV_TEMPLATE = "C:\\VMs\\templates\\ubuntu-22.04.vhdx";

  public static final String UTM_IMAGE = "ubuntu-22.04-arm64";

  static HostState state(SimHost h) {
    HostState host = switch (h.name()) {
      case VAGRANT -> new HostState(h.name(), h.address(), Platform.LINUX, "amd64");
      case HYPERV -> new HostState(h.name(), h.address(), Platform.WINDOWS, "amd64");
      case UTM -> new HostState(h.name(), h.address(), Platform.MACOS, "arm64");
      default -> throw new IllegalArgumentException("not a hypervisor host: " + h.name());
    };
    switch (h.name()) {
      case VAGRANT -> host.files().put("/usr/bin/vagrant", "");
      case HYPERV -> host.files().put(HYPERV_TEMPLATE, "");
      default -> {}
    }
    return host;
  }

  /** What each hypervisor holds before Bosun comes: UTM's image VM to clone (stopped). */
  static void seed(LabState state) {
    state.hypervisors().define(UTM, UTM_IMAGE, "arm64");
  }
}
