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
 */
public record InitSpec(
    String cniManifest,
    int parallelism,
    Duration addressTimeout,
    Duration sshTimeout,
    Duration readyTimeout) {

  public static final String DEFAULT_CNI_MANIFEST =
      "https://raw.githubusercontent.com/flannel-io/flannel/v0.26.1/Documentation/kube-flannel.yml";

  public static InitSpec defaults() {
    return new InitSpec(
        DEFAULT_CNI_MANIFEST,
        4,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10));
  }
}
