package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;

/**
 * @param firstControlPlane runs {@code kubeadm upgrade apply} (all other nodes run {@code upgrade node})
 * @param packageVersion the Debian package version of the target, e.g. 1.31.2-1.1 (resolved in preflight)
 * @param cordonedBefore the node was cordoned before Bosun started (it stays cordoned at the end)
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
    boolean cordonedBefore) {}
