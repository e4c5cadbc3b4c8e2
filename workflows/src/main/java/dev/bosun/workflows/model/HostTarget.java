package dev.bosun.workflows.model;

import java.time.Duration;

/**
 * Everything an activity needs to reach one host over SSH. Paths, never key material.
 *
 * @param node the Kubernetes node name (also the name used in logs and summaries)
 * @param commandTimeout default per-command timeout (null = the worker's)
 * @param connectTimeout SSH connect timeout (null = the worker's)
 * @param privateKeyPassphraseEnv the name of the environment variable holding the key's passphrase, read
 *     by the worker at connect time (null = the worker's default); never the passphrase itself
 */
public record HostTarget(
    String cluster,
    String node,
    String address,
    int port,
    String user,
    String privateKeyPath,
    String knownHostsPath,
    boolean trustOnFirstUse,
    Duration commandTimeout,
    Duration connectTimeout,
    String privateKeyPassphraseEnv) {

  public static HostTarget of(Inventory inv, NodeSpec node) {
    SshSpec ssh = inv.ssh();
    int port = node.sshPort() != null ? node.sshPort() : ssh.port();
    return new HostTarget(
        inv.cluster(),
        node.name(),
        node.address(),
        port,
        ssh.user(),
        ssh.privateKey(),
        ssh.knownHosts(),
        ssh.trustOnFirstUse(),
        ssh.commandTimeout(),
        ssh.connectTimeout(),
        ssh.privateKeyPassphraseEnv());
  }

  public static HostTarget of(Inventory inv, String nodeName) {
    return of(inv, inv.node(nodeName));
  }
}
