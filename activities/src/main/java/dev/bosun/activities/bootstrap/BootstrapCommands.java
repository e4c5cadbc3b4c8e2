package dev.bosun.activities.bootstrap;

import dev.bosun.activities.node.NodeCommands;
import dev.bosun.activities.ssh.ShellQuote;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.rules.UrlRule;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every command line Bosun runs to turn a bare Debian/Ubuntu machine into a kubeadm node, in one pure file like
 * {@link NodeCommands} (whose repository, keyring and package facts it reuses). File contents travel on stdin
 * ({@link #writeFile}), never on a command line; the join token and certificate key only ever in a file's content.
 */
public final class BootstrapCommands {

  // ---- facts
  // -----------------------------------------------------------------------------------------------
  public static final String ARCHITECTURE = "dpkg --print-architecture";
  public static final String CONTAINERD_INSTALLED =
      "dpkg-query -W --showformat='${Status}' containerd";

  // ---- container runtime
  // -----------------------------------------------------------------------------------
  public static final String INSTALL_CONTAINERD =
      "sudo -n apt-get update -q && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y containerd";
  public static final String CONTAINERD_CONFIG_PATH = "/etc/containerd/config.toml";
  public static final String CONTAINERD_CONFIG = "cat " + CONTAINERD_CONFIG_PATH;
  /** containerd's defaults with the systemd cgroup driver, which kubeadm configures the kubelet for. */
  public static final String WRITE_CONTAINERD_CONFIG =
      "sudo -n mkdir -p /etc/containerd && containerd config default"
          + " | sed -E 's/SystemdCgroup = false/SystemdCgroup = true/' | sudo -n tee "
          + CONTAINERD_CONFIG_PATH + " > /dev/null";

  public static final String CONTAINERD_ENABLED = "systemctl is-enabled containerd";
  public static final String CONTAINERD_ACTIVE = "systemctl is-active containerd";
  public static final String ENABLE_CONTAINERD = "sudo -n systemctl enable --now containerd";
  public static final String RESTART_CONTAINERD = "sudo -n systemctl restart containerd";

  public static final List<String> MODULES = List.of("overlay", "br_netfilter");
  public static final String MODULES_FILE = "/etc/modules-load.d/k8s.conf";
  public static final String MODULES_FILE_CONTENT = String.join("\n", MODULES) + "\n";
  public static final String LOADED_MODULES = "lsmod";
  public static final String LOAD_MODULES =
      MODULES.stream().map(m -> "sudo -n modprobe " + m).collect(Collectors.joining(" && "));

  /** Kernel parameter → the value kubeadm's preflight wants. */
  public static final Map<String, String> SYSCTLS =
      Map.of("net.bridge.bridge-nf-call-iptables", "1", "net.ipv4.ip_forward", "1");

  public static final String SYSCTL_FILE = "/etc/sysctl.d/k8s.conf";
  public static final String SYSCTL_FILE_CONTENT =
      "net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n";
  public static final String SYSCTL_VALUES =
      "sysctl -n net.bridge.bridge-nf-call-iptables net.ipv4.ip_forward";
  public static final String APPLY_SYSCTLS = "sudo -n sysctl --system";

  public static final String SWAPS = "cat /proc/swaps";
  public static final String FSTAB = "cat /etc/fstab";
  /** Swap off now, and its fstab line commented out so it stays off after a reboot. */
  public static final String SWAP_OFF =
      "sudo -n swapoff -a && sudo -n sed -E -i '/^[^#].*\\sswap\\s/ s/^/#/' /etc/fstab";

  // ---- Kubernetes packages
  // ---------------------------------------------------------------------------------
  public static final String KEYRING_PRESENT = "test -s " + NodeCommands.KEYRING;
  public static final String KUBELET_ENABLED = "systemctl is-enabled kubelet";
  public static final String ENABLE_KUBELET = "sudo -n systemctl enable kubelet";
  public static final List<String> PACKAGES = List.of("kubeadm", "kubelet", "kubectl");

  // ---- kubeadm
  // -------------------------------------------------------------------------------------------------
  public static final String INIT_CONFIG = "/etc/kubernetes/bosun-init.yaml";
  public static final String JOIN_CONFIG = "/etc/kubernetes/bosun-join.yaml";
  public static final String ADMIN_CONF_PRESENT = "sudo -n test -f /etc/kubernetes/admin.conf";
  public static final String KUBELET_CONF_PRESENT = "sudo -n test -f /etc/kubernetes/kubelet.conf";
  public static final String INIT =
      "sudo -n kubeadm init --config " + INIT_CONFIG + " --upload-certs";
  /** One line, trailing space (kubeadm strips its own continuations); 15 minutes is plenty for the join that follows. */
  public static final String TOKEN_CREATE =
      "sudo -n kubeadm token create --ttl 15m --print-join-command";
  /** A fresh certificate key: uploaded certs expire 2 hours after init, so every control-plane join uploads anew. */
  public static final String UPLOAD_CERTS =
      "sudo -n kubeadm init phase upload-certs --upload-certs";

  public static final String JOIN = "sudo -n kubeadm join --config " + JOIN_CONFIG;
  public static final String REMOVE_JOIN_CONFIG = "sudo -n rm -f " + JOIN_CONFIG;
  public static final String RESET = "sudo -n kubeadm reset -f";

  // ---- the etcd client
  // ----------------------------------------------------------------------------------------
  // kubeadm runs etcd in a static pod and installs no etcdctl/etcdutl on the host; the upgrade's
  // etcd snapshot,
  // its quorum guard and the backup need both on every control plane. They come from the etcd
  // release of the
  // version the cluster runs (its manifest's image tag), checked against the release's SHA256SUMS.
  public static final String ETCD_MANIFEST_PATH = "/etc/kubernetes/manifests/etcd.yaml";
  public static final String ETCD_MANIFEST = "sudo -n cat " + ETCD_MANIFEST_PATH;
  /** A private directory for the download (mktemp -d: 0700), removed when the step ends; sudoers names its shape. */
  public static final String DOWNLOAD_DIR_PREFIX = "/tmp/bosun-etcd.";

  public static final String MAKE_DOWNLOAD_DIR = "mktemp -d " + DOWNLOAD_DIR_PREFIX + "XXXXXXXXXX";

  public static final String ETCD_CLIENT_DIR = "/usr/local/bin/";
  public static final List<String> ETCD_CLIENT = List.of("etcdctl", "etcdutl");
  private static final Pattern ETCD_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  /** The release's tarball name, as etcd publishes it: etcd-v3.5.15-linux-amd64.tar.gz. */
  public static String etcdAsset(String version, String arch) {
    return "etcd-v" + etcdVersion(version) + "-linux-" + NodeCommands.requireArch(arch) + ".tar.gz";
  }

  /** {@code <releases>/v<version>/<file>}: GitHub's release download layout, which a mirror keeps. */
  public static String etcdReleaseUrl(String releases, String version, String file) {
    String base = UrlRule.require("init.etcdReleases", releases, false).replaceAll("/+$", "");
    return base + "/v" + etcdVersion(version) + "/" + file;
  }

  /** Downloads to {@code file} (as the SSH user): -f fails on an HTTP error instead of saving the error page. */
  public static String download(String url, String file) {
    return "curl -fsSL --retry 3 -o " + ShellQuote.path(file) + " "
        + ShellQuote.quote(UrlRule.require("download URL", url, false));
  }

  public static String sha256(String file) {
    return "sha256sum " + ShellQuote.path(file);
  }

  public static String readFile(String file) {
    return "cat " + ShellQuote.path(file);
  }

  /** Just etcdctl and etcdutl out of the tarball, into {@code dir}. */
  public static String extractEtcdClient(String dir, String version, String arch) {
    String top = etcdAsset(version, arch).replaceFirst("\\.tar\\.gz$", "");
    return "tar -xzf " + ShellQuote.path(dir + "/" + etcdAsset(version, arch)) + " -C "
        + ShellQuote.path(dir) + " --strip-components=1 "
        + ETCD_CLIENT.stream().map(b -> top + "/" + b).collect(Collectors.joining(" "));
  }

  /** Both binaries into /usr/local/bin (on sudo's secure_path), mode 0755, as root. */
  public static String installEtcdClient(String dir) {
    return "sudo -n install -m 0755 "
        + ETCD_CLIENT.stream()
            .map(b -> ShellQuote.path(dir + "/" + b))
            .collect(Collectors.joining(" "))
        + " " + ETCD_CLIENT_DIR;
  }

  public static String removeDownloadDir(String dir) {
    if (!dir.matches(Pattern.quote(DOWNLOAD_DIR_PREFIX) + "[A-Za-z0-9]{10}")) {
      throw new IllegalArgumentException(
          "download directory must be " + DOWNLOAD_DIR_PREFIX + "XXXXXXXXXX, got '" + dir + "'");
    }
    return "rm -rf " + ShellQuote.path(dir);
  }

  static String etcdVersion(String version) {
    if (version == null || !ETCD_VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "etcd version must be MAJOR.MINOR.PATCH, got '" + version + "'");
    }
    return version;
  }

  /** kubectl as root with the admin kubeconfig, on the first control plane. */
  public static final String KUBECTL = "sudo -n kubectl --kubeconfig /etc/kubernetes/admin.conf";

  public static final String API_READY = KUBECTL + " get --raw /readyz";

  private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern LABEL_KEY = Pattern.compile(
      "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
  private static final Pattern TAINT =
      Pattern.compile("([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)");

  private BootstrapCommands() {}

  /**
   * Writes stdin to {@code path} (mode 600 or 644) through sudo: the file exists with its mode before any content
   * reaches it, and the content is never part of the command line.
   */
  public static String writeFile(String path, boolean secret) {
    String p = ShellQuote.path(path);
    return "sudo -n install -m " + (secret ? "600" : "644") + " /dev/null " + p + " && sudo -n tee "
        + p + " > /dev/null";
  }

  /** The keyring of {@code version}'s repository, dearmored (gpg --yes: a retry overwrites a half-written one). */
  public static String fetchKeyring(String repoBaseUrl, KubeVersion version) {
    return "sudo -n mkdir -p -m 755 /etc/apt/keyrings && curl -fsSL "
        + ShellQuote.quote(NodeCommands.releaseKeyUrl(repoBaseUrl, version))
        + " | sudo -n gpg --dearmor --yes -o " + NodeCommands.KEYRING;
  }

  /** Whether every object of the manifest exists: kubectl get -f exits 1 on the first one that does not. */
  public static String cniApplied(String manifest) {
    return KUBECTL + " get -f " + manifest(manifest) + " -o name";
  }

  public static String applyCni(String manifest) {
    return KUBECTL + " apply -f " + manifest(manifest);
  }

  public static String getNode(String node) {
    return KUBECTL + " get node " + nodeName(node) + " -o json";
  }

  public static String label(String node, Map<String, String> labels) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("labels must not be empty");
    }
    return KUBECTL + " label node " + nodeName(node) + " "
        + labels.entrySet().stream()
            .map(e -> ShellQuote.quote(requireLabel(e.getKey(), e.getValue())))
            .collect(Collectors.joining(" "))
        + " --overwrite";
  }

  public static String taint(String node, List<String> taints) {
    if (taints.isEmpty()) {
      throw new IllegalArgumentException("taints must not be empty");
    }
    return KUBECTL + " taint node " + nodeName(node) + " "
        + taints.stream()
            .map(t -> ShellQuote.quote(requireTaint(t)))
            .collect(Collectors.joining(" "))
        + " --overwrite";
  }

  public static String deleteNode(String node) {
    return KUBECTL + " delete node " + nodeName(node) + " --ignore-not-found";
  }

  /** A taint key[=value]:Effect split into its parts, after validation. */
  public record TaintSpec(String key, String value, String effect) {}

  public static TaintSpec parseTaint(String taint) {
    var m = TAINT.matcher(taint == null ? "" : taint);
    if (!m.matches()
        || !LABEL_KEY.matcher(m.group(1)).matches()
        || m.group(2) != null && !LABEL_VALUE.matcher(m.group(2)).matches()) {
      throw new IllegalArgumentException(
          "taint must be key[=value]:NoSchedule|PreferNoSchedule|NoExecute, got '" + taint + "'");
    }
    return new TaintSpec(m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3));
  }

  private static String requireTaint(String taint) {
    parseTaint(taint);
    return taint;
  }

  private static String requireLabel(String key, String value) {
    if (key == null
        || !LABEL_KEY.matcher(key).matches()
        || value == null
        || !LABEL_VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "label must be a Kubernetes label key=value, got '" + key + "=" + value + "'");
    }
    return key + "=" + value;
  }

  static String nodeName(String node) {
    if (node == null || !NODE_NAME.matcher(node).matches()) {
      throw new IllegalArgumentException(
          "node name must be a DNS subdomain (lower case, digits, - and .), got '" + node + "'");
    }
    return node;
  }

  /** An https URL (the inventory's URL rule) or an absolute path on the control plane. */
  private static String manifest(String manifest) {
    if (manifest != null && manifest.startsWith("/")) {
      return ShellQuote.path(manifest);
    }
    return ShellQuote.quote(ShellQuote.requireUrl(manifest));
  }
}
