package dev.bosun.workflows.activities;

/**
 * A control-plane static (mirror) pod: kube-apiserver, kube-controller-manager, kube-scheduler, etcd.
 *
 * @param version the image tag (v1.31.2 for the Kubernetes components, 3.5.15-0 for etcd)
 */
public record StaticPod(String node, String component, String version, boolean ready) {}
