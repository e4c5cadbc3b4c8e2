package dev.bosun.workflows.model;

/**
 * Everything an activity needs to reach one host over SSH. Paths, never key material.
 *
 * @param node the Kubernetes node name (also the name used in logs and summaries)
 */
public record HostTarget(
    String cluster,
    String node,
    String address,
    int port,
    String user,
    String privateKeyPath,
    String knownHostsPath,
    boolean trustOnFirstUse) {

  public static HostTarget of(Inventory inv, NodeSpec node) {
    SshSpec ssh = inv.ssh();
    int port = node.sshPort() != null ? node.sshPort() : ssh.port();
    return new HostTarget(
        inv.cluster(), node.name(), node.address(), port, ssh.user(), ssh.privateKey(), ssh.knownHosts(), ssh.trustOnFirstUse());
  }

  public static HostTarget of(Inventory inv, String nodeName) {
    return of(inv, inv.node(nodeName));
  }
}
