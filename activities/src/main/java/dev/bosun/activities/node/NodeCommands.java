package dev.bosun.activities.node;

import dev.bosun.activities.ssh.ShellQuote;
import dev.bosun.workflows.activities.PackagePin;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.upgrade.NodeStep;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every command line Bosun runs on a node, exactly as in docs/host-commands.md. Pure: the CLI's
 * {@code plan} prints them, lab-sim interprets them, the activities run them. {@link #forStep} answers,
 * per {@link NodeStep} of a node's upgrade, what runs on the host or goes through the Kubernetes API.
 */
public final class NodeCommands {

  public static final String REPOSITORY_FILE = "/etc/apt/sources.list.d/kubernetes.list";
  public static final String KEYRING = "/etc/apt/keyrings/kubernetes-apt-keyring.gpg";
  public static final String APISERVER_MANIFEST_PATH =
      "/etc/kubernetes/manifests/kube-apiserver.yaml";

  public static final String HOSTNAME = "hostname";
  public static final String ARCHITECTURE = "uname -m";
  public static final String OS_RELEASE = "cat /etc/os-release";
  public static final String KUBEADM_VERSION = "kubeadm version -o short";
  public static final String KUBELET_VERSION = "kubelet --version";
  public static final String INSTALLED_PACKAGES =
      "dpkg-query -W --showformat='${Package} ${Version}\\n' kubeadm kubelet kubectl";
  public static final String HOLDS = "apt-mark showhold";
  public static final String CONFIGURED_REPOSITORY = "cat " + REPOSITORY_FILE;
  public static final String KUBELET_ACTIVE = "systemctl is-active kubelet";
  public static final String APISERVER_MANIFEST = "sudo -n cat " + APISERVER_MANIFEST_PATH;
  /** The static pods {@code kubeadm upgrade apply} rewrites (etcd keeps its own version). */
  public static final List<String> CONTROL_PLANE_COMPONENTS =
      List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler");

  /** {@code sudo -n cat /etc/kubernetes/manifests/<component>.yaml}, for one of {@link #CONTROL_PLANE_COMPONENTS}. */
  public static String staticPodManifest(String component) {
    if (!CONTROL_PLANE_COMPONENTS.contains(component)) {
      throw new IllegalArgumentException("not a control plane component: " + component);
    }
    return "sudo -n cat /etc/kubernetes/manifests/" + component + ".yaml";
  }

  public static final String UPGRADE_PLAN = "sudo -n kubeadm upgrade plan -o json";
  public static final String UPGRADE_NODE = "sudo -n kubeadm upgrade node";
  private static final String NO_CERTIFICATE_RENEWAL = " --certificate-renewal=false";
  public static final String RESTART_KUBELET =
      "sudo -n systemctl daemon-reload && sudo -n systemctl restart kubelet";
  public static final String ADMIN_KUBECONFIG = "sudo -n cat /etc/kubernetes/admin.conf";
  /** Read-only presence checks of the etcd client tools (exit 127: not installed). */
  public static final String ETCDCTL_VERSION = "etcdctl version";

  public static final String ETCDUTL_VERSION = "etcdutl version";
  public static final String CERTIFICATES = "sudo -n kubeadm certs check-expiration -o json";
  /** Renews every leaf certificate kubeadm manages from its CAs (never the CAs themselves). */
  public static final String RENEW_CERTIFICATES = "sudo -n kubeadm certs renew all";
  /**
   * The static pods that must restart to load renewed certificates, as kubeadm's renew output names them; a host
   * without one (external etcd) simply has no such manifest.
   */
  public static final List<String> STATIC_PODS =
      List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd");

  public static final String MANIFESTS_DIR = "/etc/kubernetes/manifests";
  /** Where a static pod's manifest waits while the kubelet stops its pod (outside the directory the kubelet watches). */
  public static final String PAUSED_MANIFESTS_DIR = "/etc/kubernetes/bosun-paused-manifests";

  private NodeCommands() {}

  /** {@code sudo -n cat FILE} for one of the files the config-drift guard watches ({@link NodeConfigs#FILES}). */
  public static String readConfig(String path) {
    if (!NodeConfigs.FILES.contains(path)) {
      throw new IllegalArgumentException("not a watched configuration file: " + path);
    }
    return "sudo -n cat " + path;
  }

  /** Where the config-drift guard keeps the node's configuration files as they were before its upgrade. */
  public static final String CONFIG_BACKUP_DIR = "/var/lib/bosun/config-before-upgrade";

  /** Copies a watched file into {@link #CONFIG_BACKUP_DIR} (flat: the watched files' names are distinct). */
  public static String backupConfig(String path) {
    return "sudo -n mkdir -p " + CONFIG_BACKUP_DIR + " && sudo -n cp -p " + path + " "
        + backupOf(readConfigPath(path));
  }

  /** Copies a watched file back from {@link #CONFIG_BACKUP_DIR}. */
  public static String restoreConfig(String path) {
    return "sudo -n cp -p " + backupOf(readConfigPath(path)) + " " + path;
  }

  private static String backupOf(String path) {
    return CONFIG_BACKUP_DIR + "/" + path.substring(path.lastIndexOf('/') + 1);
  }

  private static String readConfigPath(String path) {
    readConfig(path); // validates
    return path;
  }

  /** {@code sudo -n test -f <dir>/<pod>.yaml}: whether the manifest of one of {@link #STATIC_PODS} is in {@code dir}. */
  public static String manifestPresent(String dir, String pod) {
    return "sudo -n test -f " + manifestPath(dir, pod);
  }

  /**
   * Moves one of {@link #STATIC_PODS}' manifest out of the kubelet's directory ({@code out}) or back: the kubelet stops
   * the pod when its manifest leaves and starts it again when it comes back (kubeadm's documented way to restart a
   * static pod after {@code kubeadm certs renew}).
   */
  public static String moveManifest(String pod, boolean out) {
    String from = manifestPath(out ? MANIFESTS_DIR : PAUSED_MANIFESTS_DIR, pod);
    String to = manifestPath(out ? PAUSED_MANIFESTS_DIR : MANIFESTS_DIR, pod);
    return (out ? "sudo -n mkdir -p " + PAUSED_MANIFESTS_DIR + " && " : "") + "sudo -n mv " + from
        + " " + to;
  }

  private static String manifestPath(String dir, String pod) {
    if (!STATIC_PODS.contains(pod)) {
      throw new IllegalArgumentException("not a control plane static pod: " + pod);
    }
    if (!dir.equals(MANIFESTS_DIR) && !dir.equals(PAUSED_MANIFESTS_DIR)) {
      throw new IllegalArgumentException("not a manifest directory: " + dir);
    }
    return dir + "/" + pod + ".yaml";
  }

  /**
   * The apt source line of the repository of {@code target}'s minor. {@code repoBaseUrl} is the inventory's
   * packageRepository (https://pkgs.k8s.io/core:/stable: by default): the minor and "/deb/" are appended.
   */
  public static String repositoryLine(String repoBaseUrl, KubeVersion target) {
    return repositoryLine(repoBaseUrl, target, null);
  }

  /** The same for one architecture (amd64, arm64), as a new node's line pins it; null = the host's own. */
  public static String repositoryLine(String repoBaseUrl, KubeVersion target, String arch) {
    String base = ShellQuote.requireUrl(stripSlash(repoBaseUrl));
    return "deb [" + (arch == null ? "" : "arch=" + requireArch(arch) + " ") + "signed-by="
        + KEYRING + "] " + base + "/" + target.minorLabel() + "/deb/ /";
  }

  /** The repository's signing key: {@code <base>/<minor>/deb/Release.key}. */
  public static String releaseKeyUrl(String repoBaseUrl, KubeVersion target) {
    return ShellQuote.requireUrl(stripSlash(repoBaseUrl)) + "/" + target.minorLabel()
        + "/deb/Release.key";
  }

  /**
   * The repository's package index, {@code <base>/<minor>/deb/Packages}: the flat pkgs.k8s.io repository's list of
   * every package version (Debian control stanzas), the file apt-get update downloads for that source.
   */
  public static String packageIndexUrl(String repoBaseUrl, KubeVersion target) {
    return ShellQuote.requireUrl(stripSlash(repoBaseUrl)) + "/" + target.minorLabel()
        + "/deb/Packages";
  }

  /**
   * Reads {@link #packageIndexUrl} as the SSH user (no sudo), writing nothing on the host: {@code bosun plan}'s way to
   * learn the exact Debian revision of a minor the node's apt does not point at yet. Bounded, so a plan never hangs
   * on an unreachable mirror.
   */
  public static String readPackageIndex(String repoBaseUrl, KubeVersion target) {
    return "curl -fsSL --max-time 30 " + ShellQuote.quote(packageIndexUrl(repoBaseUrl, target));
  }

  /** amd64 or arm64: the Debian architectures pkgs.k8s.io builds that Bosun supports. */
  public static String requireArch(String arch) {
    if (!"amd64".equals(arch) && !"arm64".equals(arch)) {
      throw new IllegalArgumentException("architecture must be amd64 or arm64, got '" + arch + "'");
    }
    return arch;
  }

  public static String switchRepository(String repoBaseUrl, KubeVersion target) {
    return switchRepository(repoBaseUrl, target, null);
  }

  public static String switchRepository(String repoBaseUrl, KubeVersion target, String arch) {
    return "echo " + ShellQuote.quote(repositoryLine(repoBaseUrl, target, arch)) + " | sudo -n tee "
        + REPOSITORY_FILE + " > /dev/null && sudo -n apt-get update -q";
  }

  public static String availableVersions(String packageName) {
    return "apt-cache madison " + ShellQuote.requirePackageName(packageName);
  }

  /**
   * Unhold, install the exact versions, hold again: one line, so a hold is never left lifted on success.
   * --allow-downgrades: a worker rollback reinstalls the older versions (apt refuses a downgrade under -y without it).
   */
  public static String installPackages(List<PackagePin> pins) {
    if (pins.isEmpty()) {
      throw new IllegalArgumentException("pins must name at least one package");
    }
    String names = pins.stream()
        .map(p -> ShellQuote.requirePackageName(p.name()))
        .collect(Collectors.joining(" "));
    String versions = pins.stream()
        .map(p -> ShellQuote.quote(p.name() + "=" + ShellQuote.requirePackageVersion(p.version())))
        .collect(Collectors.joining(" "));
    return "sudo -n apt-mark unhold " + names
        + " && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y --allow-change-held-packages --allow-downgrades "
        + versions
        + " && sudo -n apt-mark hold " + names;
  }

  /** Puts holds back after a failed install (the install line lifts them first). */
  public static String hold(List<PackagePin> pins) {
    return "sudo -n apt-mark hold "
        + pins.stream()
            .map(p -> ShellQuote.requirePackageName(p.name()))
            .collect(Collectors.joining(" "));
  }

  public static String upgradeApply(KubeVersion target) {
    return upgradeApply(target, true);
  }

  /** {@code renewCertificates} false: kubeadm's {@code --certificate-renewal=false} (upgrade.certificateRenewal). */
  public static String upgradeApply(KubeVersion target, boolean renewCertificates) {
    return "sudo -n kubeadm upgrade apply " + ShellQuote.version(target) + " -y"
        + (renewCertificates ? "" : NO_CERTIFICATE_RENEWAL);
  }

  /** {@code kubeadm upgrade node}, with {@code --certificate-renewal=false} unless it renews. */
  public static String upgradeNode(boolean renewCertificates) {
    return UPGRADE_NODE + (renewCertificates ? "" : NO_CERTIFICATE_RENEWAL);
  }

  /** etcdctl against the control plane's local etcd member, with kubeadm's etcd certificates. */
  private static final String ETCDCTL =
      "sudo -n ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt"
          + " --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";

  /** The etcd members (read-only; the etcd quorum guard). */
  public static final String ETCD_MEMBER_LIST = ETCDCTL + " member list -w json";

  /**
   * Every member's health, through the client URLs of the member list (read-only). Exits 1 when one is unhealthy,
   * still printing the JSON.
   */
  public static final String ETCD_ENDPOINT_HEALTH = ETCDCTL + " endpoint health --cluster -w json";

  public static String etcdSnapshotSave(String path) {
    return ETCDCTL + " snapshot save " + ShellQuote.path(path);
  }

  public static String etcdSnapshotStatus(String path) {
    return "sudo -n etcdutl snapshot status " + ShellQuote.path(path) + " -w json";
  }

  /**
   * One step of a node's upgrade: the host commands it runs, in order (none for a step that goes through
   * the Kubernetes API), or the API call it makes.
   */
  public record StepCommands(NodeStep step, List<String> host, String api) {}

  /** What one node's upgrade is about: the same for each of its steps. */
  public record NodeUpgrade(
      NodeRole role,
      boolean firstControlPlane,
      KubeVersion target,
      String packageVersion,
      String repoBaseUrl,
      boolean certificateRenewal) {

    /** Renewing certificates, kubeadm's default. */
    public NodeUpgrade(
        NodeRole role,
        boolean firstControlPlane,
        KubeVersion target,
        String packageVersion,
        String repoBaseUrl) {
      this(role, firstControlPlane, target, packageVersion, repoBaseUrl, true);
    }

    public NodeUpgrade {
      if (firstControlPlane && role != NodeRole.CONTROL_PLANE) {
        throw new IllegalArgumentException(
            "firstControlPlane is only valid for a control-plane node");
      }
    }
  }

  /**
   * What {@code step} does on the node: the one answer the activities, {@code bosun plan} and the tests
   * share. The switch covers every step, so a new or reordered {@link NodeStep} cannot leave the plan
   * showing another step's commands.
   */
  public static StepCommands forStep(NodeStep step, NodeUpgrade u) {
    return switch (step) {
      case ETCD_QUORUM ->
        u.role() == NodeRole.CONTROL_PLANE
            ? host(step, ETCD_MEMBER_LIST, ETCD_ENDPOINT_HEALTH) // read-only
            : api(step, "none: a worker has no etcd member");
      case DRAIN -> api(step, "cordon, then evict every pod through the Eviction API (PDB-aware)");
      case KUBEADM_PACKAGE ->
        host(
            step,
            switchRepository(u.repoBaseUrl(), u.target()),
            installPackages(List.of(new PackagePin("kubeadm", u.packageVersion()))));
      case KUBEADM_UPGRADE ->
        host(
            step,
            u.firstControlPlane()
                ? upgradeApply(u.target(), u.certificateRenewal())
                : upgradeNode(u.certificateRenewal()));
      case KUBELET_PACKAGES ->
        host(
            step,
            installPackages(List.of(
                new PackagePin("kubelet", u.packageVersion()),
                new PackagePin("kubectl", u.packageVersion()))));
      case KUBELET_RESTART -> host(step, RESTART_KUBELET);
      case WAIT_READY -> api(step, "wait until the node is Ready with kubelet " + u.target());
      case UNCORDON -> api(step, "uncordon (unless it was cordoned before Bosun)");
      case HEALTH_GATE ->
        api(
            step,
            u.role() == NodeRole.CONTROL_PLANE
                ? "API server /readyz and control-plane static pods at " + u.target()
                : "node Ready, its pods rescheduled");
    };
  }

  /**
   * The mutating host commands of one node's upgrade, in {@link NodeStep} order: repository, kubeadm,
   * upgrade apply (first control plane) or node, kubelet + kubectl, kubelet restart. The drain comes
   * before them and the uncordon after, through the Kubernetes API.
   */
  public static List<String> upgradeCommands(
      NodeRole role,
      boolean firstControlPlane,
      KubeVersion target,
      String packageVersion,
      String repoBaseUrl) {
    NodeUpgrade u = new NodeUpgrade(role, firstControlPlane, target, packageVersion, repoBaseUrl);
    List<String> lines = new ArrayList<>();
    for (NodeStep step : NodeStep.values()) {
      if (step != NodeStep.ETCD_QUORUM) { // it only reads
        lines.addAll(forStep(step, u).host());
      }
    }
    return List.copyOf(lines);
  }

  private static StepCommands host(NodeStep step, String... commands) {
    return new StepCommands(step, List.of(commands), null);
  }

  private static StepCommands api(NodeStep step, String call) {
    return new StepCommands(step, List.of(), call);
  }

  private static String stripSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
