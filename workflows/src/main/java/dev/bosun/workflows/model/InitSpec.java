package dev.bosun.workflows.model;

import java.time.Duration;

/**
 * How {@code bosun init} builds the cluster (the inventory's optional {@code init} section).
 *
 * @param cniManifest the CNI manifest applied after {@code kubeadm init} (an https URL or a path on the first control plane)
 * @param parallelism how many VMs are created, and workers joined, at once
 * @param addressTimeout how long a new VM may take to report an address
 * @param sshTimeout how long a new VM may take to answer on SSH
 * @param readyTimeout how long a joined node may take to become Ready
 * @param etcdReleases where each control plane's etcdctl/etcdutl come from: the base URL of etcd's releases
 *     ({@code <etcdReleases>/v3.5.15/etcd-v3.5.15-linux-amd64.tar.gz} and {@code SHA256SUMS}); null when the
 *     inventory says {@code etcdClient: none} (and in runs recorded before the step existed)
 */
public record InitSpec(
    String cniManifest,
    int parallelism,
    Duration addressTimeout,
    Duration sshTimeout,
    Duration readyTimeout,
    String etcdReleases) {

  public static final String DEFAULT_CNI_MANIFEST =
      "https://raw.githubusercontent.com/flannel-io/flannel/v0.26.1/Documentation/kube-flannel.yml";
  public static final String DEFAULT_ETCD_RELEASES =
      "https://github.com/etcd-io/etcd/releases/download";

  public static InitSpec defaults() {
    return new InitSpec(
        DEFAULT_CNI_MANIFEST,
        4,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        DEFAULT_ETCD_RELEASES);
  }

  /** This spec without the etcd client step ({@code etcdClient: none}). */
  public InitSpec withoutEtcdClient() {
    return new InitSpec(cniManifest, parallelism, addressTimeout, sshTimeout, readyTimeout, null);
  }

  /** Whether init installs etcdctl/etcdutl on the control planes. */
  public boolean installsEtcdClient() {
    return etcdReleases != null;
  }
}
