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

  /** The one default of packageRepository: pkgs.k8s.io's per-minor repositories live under it ({base}/v1.31/deb/). */
  public static final String DEFAULT_PACKAGE_REPOSITORY = "https://pkgs.k8s.io/core:/stable:";

  /** The repository base the workflows pass to the activities: packageRepository, or the default. */
  public String packageRepositoryOrDefault() {
    return packageRepositoryOrDefault(packageRepository);
  }

  /** {@code repository}, or the default when it is null or blank (a request recorded before the field was filled). */
  public static String packageRepositoryOrDefault(String repository) {
    return repository == null || repository.isBlank() ? DEFAULT_PACKAGE_REPOSITORY : repository;
  }

  /** The repository of {@code version}'s minor: {@code <base>/v1.31/deb/} (its apt source and its Packages index). */
  public static String minorRepository(String base, KubeVersion version) {
    String b = packageRepositoryOrDefault(base);
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/" + version.minorLabel()
        + "/deb/";
  }

  public KubeVersion kubeVersion() {
    return KubeVersion.parse(version);
  }
}
