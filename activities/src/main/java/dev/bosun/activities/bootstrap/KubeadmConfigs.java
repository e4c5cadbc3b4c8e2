package dev.bosun.activities.bootstrap;

import dev.bosun.workflows.activities.KubeadmInitRequest;
import dev.bosun.workflows.model.KubeVersion;
import java.util.regex.Pattern;

/**
 * The kubeadm configuration files Bosun writes: InitConfiguration + ClusterConfiguration for {@code kubeadm init},
 * JoinConfiguration for {@code kubeadm join}. Pure; every value double-quoted so YAML never reinterprets it.
 * kubeadm 1.31 introduced v1beta4 and deprecates v1beta3, which 1.30 and older read.
 */
public final class KubeadmConfigs {

  public static final String CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");

  private KubeadmConfigs() {}

  /** The API version kubeadm of {@code version} prefers. */
  public static String apiVersion(KubeVersion version) {
    return version.compareTo(KubeVersion.parse("v1.31.0")) >= 0
        ? "kubeadm.k8s.io/v1beta4"
        : "kubeadm.k8s.io/v1beta3";
  }

  public static String init(String nodeName, KubeadmInitRequest r) {
    String api = apiVersion(r.version());
    StringBuilder b =
        new StringBuilder("apiVersion: ").append(api).append("\nkind: InitConfiguration\n");
    if (r.advertiseAddress() != null && !r.advertiseAddress().isBlank()) {
      b.append("localAPIEndpoint:\n  advertiseAddress: ")
          .append(q(r.advertiseAddress()))
          .append('\n');
    }
    b.append("nodeRegistration:\n  name: ")
        .append(q(BootstrapCommands.nodeName(nodeName)))
        .append("\n  criSocket: ")
        .append(q(CRI_SOCKET))
        .append("\n---\napiVersion: ")
        .append(api)
        .append("\nkind: ClusterConfiguration\nkubernetesVersion: ")
        .append(q(r.version().toString()))
        .append('\n');
    if (r.controlPlaneEndpoint() != null && !r.controlPlaneEndpoint().isBlank()) {
      b.append("controlPlaneEndpoint: ").append(q(r.controlPlaneEndpoint())).append('\n');
    }
    b.append("networking:\n");
    if (r.podSubnet() != null) {
      b.append("  podSubnet: ").append(q(r.podSubnet())).append('\n');
    }
    b.append("  serviceSubnet: ")
        .append(q(r.serviceSubnet() == null ? "10.96.0.0/12" : r.serviceSubnet()))
        .append('\n');
    return b.toString();
  }

  /**
   * A JoinConfiguration. Holds the token (and the certificate key): written on the node through stdin, mode 600,
   * removed after the join; never logged.
   *
   * @param advertiseAddress the control plane's own API address (ignored for a worker; omitted when not an IPv4 address)
   */
  public static String join(
      KubeVersion kubeadm,
      String nodeName,
      JoinTarget target,
      String certificateKey,
      String advertiseAddress) {
    StringBuilder b = new StringBuilder("apiVersion: ")
        .append(apiVersion(kubeadm))
        .append("\nkind: JoinConfiguration\n")
        .append("discovery:\n  bootstrapToken:\n    apiServerEndpoint: ")
        .append(q(target.endpoint()))
        .append("\n    token: ")
        .append(q(target.token()))
        .append("\n    caCertHashes:\n    - ")
        .append(q(target.caCertHash()))
        .append("\nnodeRegistration:\n  name: ")
        .append(q(BootstrapCommands.nodeName(nodeName)))
        .append("\n  criSocket: ")
        .append(q(CRI_SOCKET))
        .append('\n');
    if (certificateKey != null) {
      b.append("controlPlane:\n  certificateKey: ").append(q(certificateKey)).append('\n');
      if (advertiseAddress != null && IPV4.matcher(advertiseAddress).matches()) {
        b.append("  localAPIEndpoint:\n    advertiseAddress: ")
            .append(q(advertiseAddress))
            .append('\n');
      }
    }
    return b.toString();
  }

  /** A YAML double-quoted scalar; control characters are refused rather than escaped (no legitimate value has them). */
  static String q(String value) {
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("configuration value contains a control character");
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
