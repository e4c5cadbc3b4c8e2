package dev.bosun.sim;

import java.nio.file.Path;
import java.util.List;

/** Bosun's inventory YAML for a lab (record component names of dev.bosun.workflows.model.Inventory as keys). */
final class InventoryFile {

  private InventoryFile() {}

  static String render(LabSpec spec, List<SimHost> hosts, int sshPort, int apiPort, Path privateKey, Path knownHosts) {
    StringBuilder b = new StringBuilder();
    b.append("cluster: ").append(spec.cluster()).append('\n');
    b.append("kubernetes: { version: ").append(spec.version())
        .append(", podSubnet: 10.244.0.0/16, serviceSubnet: 10.96.0.0/12, controlPlaneEndpoint: \"127.0.0.1:").append(apiPort).append("\" }\n");
    b.append("ssh: { user: bosun, port: ").append(sshPort).append(", privateKey: \"").append(privateKey.toAbsolutePath())
        .append("\", knownHosts: \"").append(knownHosts.toAbsolutePath()).append("\" }\n");
    b.append("hypervisor: { kind: none }\n");
    b.append("nodes:\n");
    for (SimHost h : hosts) {
      b.append("  - { name: ").append(h.name()).append(", role: ").append(h.role()).append(", address: ").append(h.address()).append(" }\n");
    }
    b.append("upgrade: { maxUnavailable: \"1\", drain: { timeout: 5m, gracePeriod: -1, deleteEmptyDirData: true, ignoreDaemonSets: true },"
        + " onNodeFailure: wait-for-operator }\n");
    return b.toString();
  }
}
