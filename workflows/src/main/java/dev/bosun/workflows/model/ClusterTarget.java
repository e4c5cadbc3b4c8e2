package dev.bosun.workflows.model;

/**
 * How activities reach a cluster's API. The admin kubeconfig is read by the worker (from
 * {@code kubeconfigPath}, or from the first control plane's /etc/kubernetes/admin.conf over SSH with its
 * server rewritten to {@code controlPlaneEndpoint}) and never travels in a payload.
 */
public record ClusterTarget(
    String cluster,
    String controlPlaneEndpoint,
    HostTarget firstControlPlane,
    String kubeconfigPath) {

  public static ClusterTarget of(Inventory inv) {
    return new ClusterTarget(
        inv.cluster(),
        inv.kubernetes().controlPlaneEndpoint(),
        HostTarget.of(inv, inv.firstControlPlane()),
        inv.kubernetes().kubeconfig());
  }
}
