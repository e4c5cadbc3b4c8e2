package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.KubeVersion;

/**
 * What {@code kubeadm init} is given, rendered into a config file on the first control plane
 * (InitConfiguration + ClusterConfiguration) and run with {@code --upload-certs}.
 */
public record KubeadmInitRequest(
    KubeVersion version,
    String controlPlaneEndpoint,
    String podSubnet,
    String serviceSubnet,
    String advertiseAddress) {}
