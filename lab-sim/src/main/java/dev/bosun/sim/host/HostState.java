package dev.bosun.sim.host;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything on one simulated machine: packages, holds, files, the kubelet service and what kubeadm made
 * of it. Mutated only while holding the lab lock ({@link dev.bosun.sim.LabState}).
 */
public final class HostState {

  public static final String KUBERNETES_LIST = "/etc/apt/sources.list.d/kubernetes.list";
  public static final String APISERVER_MANIFEST = "/etc/kubernetes/manifests/kube-apiserver.yaml";
  public static final String ETCD_MANIFEST = "/etc/kubernetes/manifests/etcd.yaml";
  public static final String ADMIN_CONF = "/etc/kubernetes/admin.conf";
  public static final String KUBELET_CONF = "/etc/kubernetes/kubelet.conf";
  public static final String[] CONTROL_PLANE_COMPONENTS = {
    "kube-apiserver", "kube-controller-manager", "kube-scheduler"
  };

  /** What kind of machine answers on SSH: a Linux node or hypervisor box, a Windows box (cmd.exe), a Mac. */
  public enum Platform {
    LINUX,
    WINDOWS,
    MACOS
  }

  private final String name;
  private final String address;
  private final Platform platform;
  /** Debian's word for the CPU: amd64 or arm64 ({@code uname -m} says x86_64 / aarch64). */
  private final String arch;

  private final Map<String, String> packages = new TreeMap<>();
  private final Set<String> holds = new LinkedHashSet<>();
  private final Map<String, String> files = new TreeMap<>();
  /** The minor whose index the last apt-get update fetched (null before any update). */
  private String aptIndexMinor;

  private KubeadmRole kubeadmRole = KubeadmRole.NOT_INITIALISED;
  private boolean kubeletActive;
  /** etcdctl and etcdutl on the PATH: often not so on real kubeadm hosts (etcd runs in a static pod). */
  private boolean etcdClientInstalled = true;
  /** The kubelet binary version the running process was started from. */
  private Version kubeletRunningVersion;
  /** The kubelet unit or binary changed on disk since the last daemon-reload (systemd warns on restart). */
  private boolean unitChangedOnDisk;
  /** Static pod version of a control plane (null on workers). */
  private Version controlPlaneVersion;
  /** Version of the kubelet configuration kubeadm last wrote (upgrade node). */
  private Version kubeletConfigVersion;

  public HostState(String name, String address) {
    this(name, address, Platform.LINUX, "amd64");
  }

  public HostState(String name, String address, Platform platform, String arch) {
    this.name = name;
    this.address = address;
    this.platform = platform;
    this.arch = arch;
    if (platform == Platform.LINUX) {
      files.put("/etc/os-release", osRelease());
      files.put("/etc/hostname", name + "\n");
      // A fresh Ubuntu cloud/Vagrant image: a swap file in fstab and on, forwarding off, no bridge
      // netfilter.
      files.put(
          FSTAB,
          "# /etc/fstab: static file system information.\nLABEL=cloudimg-rootfs\t/\text4\tdiscard,errors=remount-ro\t0 1\n"
              + "/swap.img\tnone\tswap\tsw\t0\t0\n");
      files.put(
          PROC_SWAPS,
          SWAPS_HEADER + "/swap.img                               file\t\t2097148\t\t0\t\t-2\n");
      files.put(
          PROC_MODULES,
          "ip_tables 32768 0 - Live 0x0000000000000000\nx_tables 53248 1 ip_tables, Live 0x0000000000000000\n");
      files.put(IP_FORWARD, "0\n");
    }
  }

  public static final String FSTAB = "/etc/fstab";
  public static final String PROC_SWAPS = "/proc/swaps";
  public static final String SWAPS_HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
  public static final String PROC_MODULES = "/proc/modules";
  public static final String IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";
  public static final String BRIDGE_NF_CALL_IPTABLES =
      "/proc/sys/net/bridge/bridge-nf-call-iptables";
  public static final String CONTAINERD_CONFIG = "/etc/containerd/config.toml";
  public static final String CONTAINERD_VERSION = "1.7.12-0ubuntu2~22.04.1";

  /** The distro's package lists were fetched (apt-get update): containerd is installable. */
  private boolean distroIndex;

  private final Set<String> enabledUnits = new LinkedHashSet<>();
  private boolean containerdActive;

  public boolean distroIndex() {
    return distroIndex;
  }

  public void distroIndex(boolean fetched) {
    this.distroIndex = fetched;
  }

  /** systemd units enabled at boot (containerd.service, kubelet.service). */
  public Set<String> enabledUnits() {
    return enabledUnits;
  }

  public boolean containerdActive() {
    return containerdActive;
  }

  public void containerdActive(boolean active) {
    this.containerdActive = active;
  }

  /** Whether a kernel module is loaded (a line of /proc/modules). */
  public boolean moduleLoaded(String module) {
    return files.getOrDefault(PROC_MODULES, "").lines().anyMatch(l -> l.startsWith(module + " "));
  }

  /** modprobe: the module's line in /proc/modules; br_netfilter brings its /proc/sys/net/bridge knobs (default 1). */
  public void loadModule(String module) {
    if (!moduleLoaded(module)) {
      files.merge(PROC_MODULES, module + " 32768 0 - Live 0x0000000000000000\n", String::concat);
    }
    if (module.equals("br_netfilter")) {
      files.putIfAbsent(BRIDGE_NF_CALL_IPTABLES, "1\n");
      files.putIfAbsent("/proc/sys/net/bridge/bridge-nf-call-ip6tables", "1\n");
    }
  }

  public boolean swapOn() {
    return files.getOrDefault(PROC_SWAPS, SWAPS_HEADER).lines().count() > 1;
  }

  /**
   * What an already-built kubeadm host has (the upgrade labs' nodes): containerd running with the systemd cgroup
   * driver, the modules and sysctls, swap off, kubelet enabled, the distro's lists fetched.
   */
  public void provisioned() {
    packages.put("containerd", CONTAINERD_VERSION);
    files.put(CONTAINERD_CONFIG, "version = 2\n            SystemdCgroup = true\n");
    loadModule("overlay");
    loadModule("br_netfilter");
    files.put(IP_FORWARD, "1\n");
    files.put(PROC_SWAPS, SWAPS_HEADER);
    files.put(FSTAB, files.get(FSTAB).replace("/swap.img", "#/swap.img"));
    files.put(AptRepository.KEYRING, AptRepository.KEYRING_CONTENT);
    enabledUnits.add("containerd.service");
    enabledUnits.add("kubelet.service");
    containerdActive = true;
    distroIndex = true;
  }

  public Platform platform() {
    return platform;
  }

  /** amd64 or arm64. */
  public String arch() {
    return arch;
  }

  /** What {@code uname -m} prints on this host. */
  public String unameMachine() {
    return "arm64".equals(arch) ? "aarch64" : "x86_64";
  }

  private static String osRelease() {
    return "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\n"
        + "VERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n"
        + "HOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\n"
        + "BUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\n"
        + "PRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\n"
        + "UBUNTU_CODENAME=jammy\n";
  }

  public String name() {
    return name;
  }

  public String address() {
    return address;
  }

  public Map<String, String> packages() {
    return packages;
  }

  public Version packageVersion(String pkg) {
    return Version.parseOrNull(packages.get(pkg));
  }

  public Set<String> holds() {
    return holds;
  }

  public Map<String, String> files() {
    return files;
  }

  public String aptIndexMinor() {
    return aptIndexMinor;
  }

  public void aptIndexMinor(String minor) {
    this.aptIndexMinor = minor;
  }

  public KubeadmRole kubeadmRole() {
    return kubeadmRole;
  }

  public void kubeadmRole(KubeadmRole role) {
    this.kubeadmRole = role;
  }

  public boolean etcdClientInstalled() {
    return etcdClientInstalled;
  }

  public void etcdClientInstalled(boolean installed) {
    this.etcdClientInstalled = installed;
  }

  public boolean kubeletActive() {
    return kubeletActive;
  }

  public void kubeletActive(boolean active) {
    this.kubeletActive = active;
  }

  public Version kubeletRunningVersion() {
    return kubeletRunningVersion;
  }

  public void kubeletRunningVersion(Version v) {
    this.kubeletRunningVersion = v;
  }

  public boolean unitChangedOnDisk() {
    return unitChangedOnDisk;
  }

  public void unitChangedOnDisk(boolean changed) {
    this.unitChangedOnDisk = changed;
  }

  public Version controlPlaneVersion() {
    return controlPlaneVersion;
  }

  /** Sets the static pod version and rewrites the manifests the way kubeadm does. */
  public void controlPlaneVersion(Version v) {
    this.controlPlaneVersion = v;
    for (String component : CONTROL_PLANE_COMPONENTS) {
      String path = "/etc/kubernetes/manifests/" + component + ".yaml";
      if (v == null) {
        files.remove(path);
      } else {
        files.put(path, staticPodManifest(component, v));
      }
    }
    // kubeadm's local etcd member: its image does not follow the Kubernetes version
    if (v == null) {
      files.remove(ETCD_MANIFEST);
    } else {
      files.put(ETCD_MANIFEST, etcdManifest());
    }
  }

  public Version kubeletConfigVersion() {
    return kubeletConfigVersion;
  }

  public void kubeletConfigVersion(Version v) {
    this.kubeletConfigVersion = v;
  }

  /**
   * Everything on the machine's disk and in its services, deep-copied: what a VM snapshot holds. Opaque outside this
   * class; {@link #restore} writes it back.
   */
  public static final class Image {
    private final Map<String, String> packages;
    private final Set<String> holds;
    private final Map<String, String> files;
    private final Set<String> enabledUnits;
    private final String aptIndexMinor;
    private final KubeadmRole kubeadmRole;
    private final boolean kubeletActive;
    private final boolean etcdClientInstalled;
    private final Version kubeletRunningVersion;
    private final boolean unitChangedOnDisk;
    private final Version controlPlaneVersion;
    private final Version kubeletConfigVersion;
    private final boolean distroIndex;
    private final boolean containerdActive;

    private Image(HostState h) {
      packages = new TreeMap<>(h.packages);
      holds = new LinkedHashSet<>(h.holds);
      files = new TreeMap<>(h.files);
      enabledUnits = new LinkedHashSet<>(h.enabledUnits);
      aptIndexMinor = h.aptIndexMinor;
      kubeadmRole = h.kubeadmRole;
      kubeletActive = h.kubeletActive;
      etcdClientInstalled = h.etcdClientInstalled;
      kubeletRunningVersion = h.kubeletRunningVersion;
      unitChangedOnDisk = h.unitChangedOnDisk;
      controlPlaneVersion = h.controlPlaneVersion;
      kubeletConfigVersion = h.kubeletConfigVersion;
      distroIndex = h.distroIndex;
      containerdActive = h.containerdActive;
    }

    /** Whether the kubelet was running when the image was taken (a restored VM brings it back up). */
    public boolean kubeletActive() {
      return kubeletActive;
    }
  }

  /** A deep copy of this machine's state (a VM snapshot's content); later changes to the machine do not touch it. */
  public Image image() {
    return new Image(this);
  }

  /**
   * Puts the machine back as {@code image} holds it: packages, holds, files, units, the kubelet's and kubeadm's state.
   * The image stays usable for another restore. The name, address, platform and arch are the machine's, not the image's.
   */
  public void restore(Image image) {
    packages.clear();
    packages.putAll(image.packages);
    holds.clear();
    holds.addAll(image.holds);
    files.clear();
    files.putAll(image.files);
    enabledUnits.clear();
    enabledUnits.addAll(image.enabledUnits);
    aptIndexMinor = image.aptIndexMinor;
    kubeadmRole = image.kubeadmRole;
    kubeletActive = image.kubeletActive;
    etcdClientInstalled = image.etcdClientInstalled;
    kubeletRunningVersion = image.kubeletRunningVersion;
    unitChangedOnDisk = image.unitChangedOnDisk;
    controlPlaneVersion = image.controlPlaneVersion;
    kubeletConfigVersion = image.kubeletConfigVersion;
    distroIndex = image.distroIndex;
    containerdActive = image.containerdActive;
  }

  private String etcdManifest() {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    component: etcd\n    tier: control-plane\n"
        + "  name: etcd\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n    - etcd\n"
        + "    - --advertise-client-urls=https://" + address
        + ":2379\n    - --data-dir=/var/lib/etcd\n"
        + "    - --name=" + name + "\n"
        + "    image: " + dev.bosun.sim.kube.LabObjects.ETCD_IMAGE + "\n"
        + "    imagePullPolicy: IfNotPresent\n    name: etcd\n"
        + "  hostNetwork: true\n  priorityClassName: system-node-critical\nstatus: {}\n";
  }

  private String staticPodManifest(String component, Version v) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    component: " + component
        + "\n    tier: control-plane\n"
        + "  name: " + component
        + "\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n    - " + component
        + "\n"
        + (component.equals("kube-apiserver")
            ? "    - --advertise-address=" + address + "\n    - --secure-port=6443\n"
            : "")
        + "    image: registry.k8s.io/" + component + ":" + v
        + "\n    imagePullPolicy: IfNotPresent\n    name: " + component + "\n"
        + "  hostNetwork: true\n  priorityClassName: system-node-critical\nstatus: {}\n";
  }
}
