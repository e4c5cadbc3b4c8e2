package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;

/**
 * @param firstControlPlane runs {@code kubeadm upgrade apply} (all other nodes run {@code upgrade node})
 * @param packageVersion the Debian package version of the target, e.g. 1.31.2-1.1 (resolved in preflight)
 * @param cordonedBefore the node was cordoned before Bosun started (it stays cordoned at the end)
 * @param snapshotOn the hypervisor of the node's VM when it is snapshotted before its upgrade and restored on rollback
 *     ({@code upgrade.snapshotBeforeUpgrade}, a worker with a {@code vm}, a hypervisor that can); null otherwise, and in
 *     histories recorded before the option existed
 * @param certificateRenewal upgrade.certificateRenewal: false runs kubeadm with {@code --certificate-renewal=false};
 *     null (histories recorded before it) renews, kubeadm's default
 */
public record NodeUpgradeInput(
    ClusterTarget cluster,
    HostTarget host,
    NodeRole role,
    boolean firstControlPlane,
    KubeVersion from,
    KubeVersion target,
    String packageVersion,
    String repositoryBaseUrl,
    DrainOptions drain,
    boolean cordonedBefore,
    HypervisorTarget snapshotOn,
    Boolean certificateRenewal) {

  /** Renewing certificates (the signature before {@code certificateRenewal}). */
  public NodeUpgradeInput(
      ClusterTarget cluster,
      HostTarget host,
      NodeRole role,
      boolean firstControlPlane,
      KubeVersion from,
      KubeVersion target,
      String packageVersion,
      String repositoryBaseUrl,
      DrainOptions drain,
      boolean cordonedBefore,
      HypervisorTarget snapshotOn) {
    this(
        cluster,
        host,
        role,
        firstControlPlane,
        from,
        target,
        packageVersion,
        repositoryBaseUrl,
        drain,
        cordonedBefore,
        snapshotOn,
        null);
  }

  /** Without a VM snapshot (the signature before {@code snapshotOn}). */
  public NodeUpgradeInput(
      ClusterTarget cluster,
      HostTarget host,
      NodeRole role,
      boolean firstControlPlane,
      KubeVersion from,
      KubeVersion target,
      String packageVersion,
      String repositoryBaseUrl,
      DrainOptions drain,
      boolean cordonedBefore) {
    this(
        cluster,
        host,
        role,
        firstControlPlane,
        from,
        target,
        packageVersion,
        repositoryBaseUrl,
        drain,
        cordonedBefore,
        null);
  }
}
