package dev.bosun.sim;

import java.nio.file.Path;
import java.util.List;

/** Bosun's inventory YAML for a lab (record component names of dev.bosun.workflows.model.Inventory as keys). */
final class InventoryFile {

  private InventoryFile() {}

  static String render(
      LabSpec spec,
      List<SimHost> hosts,
      int sshPort,
      int apiPort,
      Path privateKey,
      Path knownHosts) {
    StringBuilder b = new StringBuilder();
    b.append("cluster: ").append(spec.cluster()).append('\n');
    b.append("kubernetes: { version: ")
        .append(spec.version())
        .append(
            ", podSubnet: 10.244.0.0/16, serviceSubnet: 10.96.0.0/12, controlPlaneEndpoint: \"127.0.0.1:")
        .append(apiPort)
        .append("\" }\n");
    b.append("ssh: { user: bosun, port: ")
        .append(sshPort)
        .append(", privateKey: \"")
        .append(privateKey.toAbsolutePath())
        .append("\", knownHosts: \"")
        .append(knownHosts.toAbsolutePath())
        .append("\"")
        .append(spec.hypervisors() ? ", trustOnFirstUse: true" : "")
        .append(" }\n");
    if (spec.hypervisors()) {
      initSections(b, spec);
    } else {
      b.append("hypervisor: { kind: none }\n");
      b.append("nodes:\n");
      for (SimHost h : hosts) {
        b.append("  - { name: ")
            .append(h.name())
            .append(", role: ")
            .append(h.role())
            .append(", address: ")
            .append(h.address())
            .append(" }\n");
      }
    }
    b.append(
        "upgrade: { maxUnavailable: \"1\", drain: { timeout: 5m, gracePeriod: -1, deleteEmptyDirData: true, ignoreDaemonSets: true },"
            + " onNodeFailure: wait-for-operator }\n");
    return b.toString();
  }

  /**
   * A cluster to build: control planes on the Vagrant (libvirt) box; workers in turn on Vagrant, Hyper-V (Windows 10
   * Pro, an external switch) and UTM (arm64). VM addresses are discovered; new VMs' host keys are learned on first use.
   */
  private static void initSections(StringBuilder b, LabSpec spec) {
    String vagrant = HypervisorHosts.HOSTS.get(0).address();
    String hyperv = HypervisorHosts.HOSTS.get(1).address();
    String utm = HypervisorHosts.HOSTS.get(2).address();
    b.append("hypervisors:\n");
    b.append("  linux-box: { kind: vagrant, host: ")
        .append(vagrant)
        .append(", provider: libvirt, project: /home/bosun/labs/")
        .append(spec.cluster())
        .append(" }\n");
    b.append("  win10: { kind: hyperv, host: ")
        .append(hyperv)
        .append(", user: bosun, vmSwitch: LabExternal, vmPath: 'C:\\VMs\\")
        .append(spec.cluster())
        .append("' }\n");
    b.append("  mac: { kind: utm, host: ").append(utm).append(", user: bosun }\n");
    b.append("init: { parallelism: 4, addressTimeout: 2m, sshTimeout: 2m, readyTimeout: 2m }\n");
    b.append("nodes:\n");
    for (int i = 0; i < spec.controlPlanes(); i++) {
      b.append("  - { name: cp-")
          .append(i + 1)
          .append(", role: control-plane, vm: { hypervisor: linux-box, image: bento/ubuntu-22.04,"
              + " cpus: 2, memory: 2GiB, disk: 20GiB } }\n");
    }
    String[][] workerVms = {
      {"linux-box", "bento/ubuntu-22.04", ""},
      {"win10", "'C:\\VMs\\templates\\ubuntu-22.04.vhdx'", ""},
      {"mac", "ubuntu-22.04-arm64", ", arch: arm64"}
    };
    for (int i = 0; i < spec.workers(); i++) {
      String[] vm = workerVms[i % workerVms.length];
      b.append("  - { name: w-")
          .append(i + 1)
          .append(", role: worker, vm: { hypervisor: ")
          .append(vm[0])
          .append(", image: ")
          .append(vm[1])
          .append(", cpus: 2, memory: 2GiB, disk: 20GiB")
          .append(vm[2])
          .append(" } }\n");
    }
  }
}
