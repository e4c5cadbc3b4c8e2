package dev.bosun.workflows.model;

/**
 * @param version the version the cluster runs (or is to be built at), vMAJOR.MINOR.PATCH
 * @param controlPlaneEndpoint host:port of the API server (a VIP or the first control plane)
 * @param packageRepository base URL of the per-minor package repositories; the minor and "/deb/" are appended
 * @param kubeconfig optional path to an admin kubeconfig on the worker; when null it is read from the
 *     first control plane's /etc/kubernetes/admin.conf over SSH (and never leaves the worker)
 */
public record KubernetesSpec(
    String version,
    String podSubnet,
    String serviceSubnet,
    String controlPlaneEndpoint,
    String packageRepository,
    String kubeconfig) {

  public static final String DEFAULT_PACKAGE_REPOSITORY = "https://pkgs.k8s.io/core:/stable:";

  public KubeVersion kubeVersion() {
    return KubeVersion.parse(version);
  }
}
