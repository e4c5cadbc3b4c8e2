package dev.bosun.sim;

import dev.bosun.sim.host.AptRepository;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.host.Version;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.LabCluster;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one consistent state of a lab: every host's machine state and the cluster's API objects, guarded by one
 * lock so a command and an API request never see half an upgrade. Read accessors tick the simulated
 * controllers first, so assertions see time-driven transitions (NotReady → Ready) without waiting for a tick.
 */
public final class LabState {

  private final Object lock = new Object();
  private java.nio.file.Path workDir;
  private final Map<String, List<AutoCloseable>> processes = new LinkedHashMap<>();
  private final Map<String, HostState> hostsByName = new LinkedHashMap<>();
  private final Map<String, HostState> hostsByAddress = new LinkedHashMap<>();
  private final LabCluster cluster;
  private final AptRepository repository;
  private final Duration notReadyWindow;
  private final Set<String> neverReadyAfterRestart = new HashSet<>();
  private final Map<String, String> uploadedCertificateKeys = new LinkedHashMap<>();
  private final Set<String> bootstrapTokens = new HashSet<>();
  /** When each bootstrap token (and the kubeadm-certs Secret, per certificate key) stops working, in lab time. */
  private final Map<String, Long> expiries = new java.util.HashMap<>();
  /** Hosts whose next {@code kubeadm join} fails preflight (the joinFails fault). */
  private final Set<String> joinFails = new HashSet<>();
  /** Control planes whose etcd member does not answer (the etcdMemberDown fault). */
  private final Set<String> etcdMembersDown = new HashSet<>();

  private final Set<String> kubeletSettingsLost = new HashSet<>();
  private volatile String veleroBackupFault;
  private volatile boolean etcdReleaseCorrupt;
  /** How far the lab's clock runs ahead of the wall clock: tests move it to expire tokens and certificate keys. */
  private volatile long clockOffsetMillis;

  private final long certificatesIssuedMillis = System.currentTimeMillis();
  private Supplier<String> adminKubeconfig = () -> "";
  private String controlPlaneEndpoint = "127.0.0.1:6443";

  LabState(LabCluster cluster, AptRepository repository, Duration notReadyWindow) {
    this.cluster = cluster;
    this.repository = repository;
    this.notReadyWindow = notReadyWindow;
  }

  public Object lock() {
    return lock;
  }

  /** The lab's work directory (its files, its object storage under {@code s3/}). */
  public java.nio.file.Path workDir() {
    return workDir;
  }

  void workDir(java.nio.file.Path dir) {
    this.workDir = dir;
  }

  /**
   * A process lab-sim runs for a host's cluster as its kubelet would run a pod (the real Velero server on the real
   * backend): stopped by {@link #stopProcesses} on {@code kubeadm reset} of that host and when the lab closes.
   */
  public void adoptProcess(String host, AutoCloseable process) {
    synchronized (processes) {
      processes.computeIfAbsent(host, h -> new java.util.ArrayList<>()).add(process);
    }
  }

  /** Stops the processes adopted for {@code host} (every host when null). */
  public void stopProcesses(String host) {
    List<AutoCloseable> stopping = new java.util.ArrayList<>();
    synchronized (processes) {
      processes.entrySet().removeIf(e -> {
        if (host == null || e.getKey().equals(host) || e.getKey().startsWith(host + "/")) {
          stopping.addAll(e.getValue());
          return true;
        }
        return false;
      });
    }
    for (AutoCloseable p : stopping) {
      try {
        p.close();
      } catch (Exception e) {
        // stopping anyway: a process that failed to stop was killed by its watchdog
      }
    }
  }

  /** The lab's cluster, on whichever API backend the lab runs (callers hold {@link #lock()}). */
  public LabCluster cluster() {
    return cluster;
  }

  /** The simulated backend's store, for what only the simulation has (its API server); fails on the real backend. */
  public ClusterStore simStore() {
    if (cluster instanceof ClusterStore store) {
      return store;
    }
    throw new IllegalStateException(
        "this lab runs on the real API backend; the simulated store exists only on 'sim'");
  }

  public AptRepository repository() {
    return repository;
  }

  /** The lab's clock: the wall clock plus what {@link #advanceClock} added. */
  public long now() {
    return System.currentTimeMillis() + clockOffsetMillis;
  }

  /** Moves the lab's clock forward (token TTLs, the 2-hour life of uploaded certificates, not-ready windows). */
  public void advanceClock(Duration d) {
    clockOffsetMillis += d.toMillis();
  }

  /** Token or certificate key → its expiry in lab time (callers hold {@link #lock()}). */
  public Map<String, Long> expiries() {
    return expiries;
  }

  /** Whether a bootstrap token or certificate key exists in the cluster and has not expired. */
  public boolean live(String secret, java.util.Collection<String> existing) {
    Long until = expiries.get(secret);
    return existing.contains(secret) && (until == null || now() < until);
  }

  public Set<String> joinFails() {
    return joinFails;
  }

  public Set<String> etcdMembersDown() {
    return etcdMembersDown;
  }

  /** Hosts whose next kubeadm upgrade rewrites /var/lib/kubelet/config.yaml without its local settings (kubeadm#3049). */
  public Set<String> kubeletSettingsLost() {
    return kubeletSettingsLost;
  }

  /** The phase the sim's Velero ends its next backups in (the veleroBackup fault), or null: as the data says. */
  public String veleroBackupFault() {
    return veleroBackupFault;
  }

  public void veleroBackupFault(String phase) {
    this.veleroBackupFault = phase;
  }

  /** Whether etcd release tarballs are served damaged (the corruptEtcdRelease fault). */
  public boolean etcdReleaseCorrupt() {
    return etcdReleaseCorrupt;
  }

  public void etcdReleaseCorrupt(boolean corrupt) {
    this.etcdReleaseCorrupt = corrupt;
  }

  void addHost(HostState host) {
    hostsByName.put(host.name(), host);
    hostsByAddress.put(host.address(), host);
  }

  void removeHost(String name) {
    HostState h = hostsByName.remove(name);
    if (h != null) {
      hostsByAddress.remove(h.address());
    }
  }

  /**
   * Machines coming and going: what a hypervisor program calls when it creates or destroys a VM. A created machine is
   * a bare Linux host (no Kubernetes packages, not initialised) reachable over SSH at a fresh loopback address.
   */
  public interface Machines {
    /** A new bare Linux host named {@code name} with {@code arch} (amd64/arm64); answers on SSH when this returns. */
    HostState create(String name, String arch) throws java.io.IOException;

    /** The host stops answering on SSH and leaves the lab (its Node, if any, stays in the API as NotReady). */
    void destroy(String name) throws java.io.IOException;
  }

  private Machines machines;
  private dev.bosun.sim.hypervisor.Hypervisors hypervisors =
      new dev.bosun.sim.hypervisor.Hypervisors("");

  /** The VMs of the lab's hypervisor hosts (programs use it with {@link #lock()} held). */
  public dev.bosun.sim.hypervisor.Hypervisors hypervisors() {
    return hypervisors;
  }

  void hypervisors(dev.bosun.sim.hypervisor.Hypervisors hypervisors) {
    this.hypervisors = hypervisors;
    hypervisors.attach(this);
  }

  private dev.bosun.sim.host.HostDisk disk;
  private final Set<java.nio.file.Path> corruptCopyArmed = new HashSet<>();
  private final java.util.List<java.nio.file.Path> corruptedCopies = new java.util.ArrayList<>();

  /** Folders whose next verified off-host copy the corruptCopy fault corrupts (callers hold {@link #lock()}). */
  public Set<java.nio.file.Path> corruptCopyArmed() {
    return corruptCopyArmed;
  }

  /** The files the corruptCopy fault flipped a byte of, in order. */
  public java.util.List<java.nio.file.Path> corruptedCopies() {
    return corruptedCopies;
  }

  /** The hosts' real files (lab-sim's rclone) and the lab's S3 buckets, under the lab's workDir. */
  public dev.bosun.sim.host.HostDisk disk() {
    if (disk == null) {
      throw new IllegalStateException("the lab has no workDir");
    }
    return disk;
  }

  void disk(dev.bosun.sim.host.HostDisk disk) {
    this.disk = disk;
  }

  /** The lab's machine hook (set by LabSim when it boots); programs call it while holding {@link #lock()}. */
  public Machines machines() {
    return machines;
  }

  void machines(Machines machines) {
    this.machines = machines;
  }

  public HostState host(String name) {
    HostState h = hostsByName.get(name);
    if (h == null) {
      throw new IllegalArgumentException("no host named '" + name + "' in the lab");
    }
    return h;
  }

  public HostState hostByAddress(String address) {
    return hostsByAddress.get(address);
  }

  public Collection<HostState> hosts() {
    return hostsByName.values();
  }

  public void tick() {
    synchronized (lock) {
      cluster.tick(now());
    }
  }

  // ---- transitions the host programs share
  // --------------------------------------------------------------

  /** systemctl restart kubelet: the running version becomes the installed binary's; the node goes NotReady for a while. */
  public void restartKubelet(HostState host) {
    host.kubeletActive(true);
    Version installed = host.packageVersion("kubelet");
    host.kubeletRunningVersion(installed);
    if (host.kubeadmRole() != KubeadmRole.NOT_INITIALISED && installed != null) {
      cluster.neverReady(host.name(), neverReadyAfterRestart.contains(host.name()));
      cluster.kubeletRestarted(host.name(), installed, now() + notReadyWindow.toMillis());
    }
  }

  public void stopKubelet(HostState host) {
    host.kubeletActive(false);
    cluster.kubeletStopped(host.name());
  }

  /** A node joined (init/join): registered in the API, Ready after the not-ready window. */
  public void registerNode(HostState host, boolean controlPlane) {
    registerNode(host, controlPlane, now() + notReadyWindow.toMillis());
  }

  void registerNode(HostState host, boolean controlPlane, long readyAt) {
    long now = now();
    Version kubelet = host.packageVersion("kubelet");
    if (cluster.node(host.name()) == null) {
      cluster.addNode(
          host.name(), host.address(), controlPlane, kubelet, host.arch(), now, readyAt);
    } else {
      cluster.kubeletRestarted(host.name(), kubelet, readyAt);
    }
    host.kubeletActive(true);
    host.kubeletRunningVersion(kubelet);
    host.kubeletConfigVersion(cluster.clusterVersion());
    if (controlPlane) {
      host.controlPlaneVersion(cluster.clusterVersion());
      host.files().put(HostState.ADMIN_CONF, adminKubeconfig.get());
      cluster.syncMirrorPods(host.name(), cluster.clusterVersion(), now);
    }
    host.files()
        .put(
            HostState.KUBELET_CONF,
            "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://"
                + controlPlaneEndpoint + "\n  name: default-cluster\n");
  }

  Duration notReadyWindow() {
    return notReadyWindow;
  }

  void neverReadyAfterRestart(String host, boolean never) {
    synchronized (lock) {
      if (never) {
        neverReadyAfterRestart.add(host);
      } else {
        neverReadyAfterRestart.remove(host);
        cluster.neverReady(host, false);
      }
    }
  }

  void clearNeverReady() {
    synchronized (lock) {
      for (String h : Set.copyOf(neverReadyAfterRestart)) {
        neverReadyAfterRestart(h, false);
      }
    }
  }

  public Map<String, String> uploadedCertificateKeys() {
    return uploadedCertificateKeys;
  }

  public Set<String> bootstrapTokens() {
    return bootstrapTokens;
  }

  public long certificatesIssuedMillis() {
    return certificatesIssuedMillis;
  }

  public String adminKubeconfig() {
    return adminKubeconfig.get();
  }

  void adminKubeconfig(Supplier<String> supplier) {
    this.adminKubeconfig = supplier;
  }

  public String controlPlaneEndpoint() {
    return controlPlaneEndpoint;
  }

  void controlPlaneEndpoint(String endpoint) {
    this.controlPlaneEndpoint = endpoint;
  }

  // ---- read access for assertions
  // --------------------------------------------------------------------------

  public String clusterVersion() {
    synchronized (lock) {
      return cluster.clusterVersion().toString();
    }
  }

  /** status.nodeInfo.kubeletVersion of a node as the API reports it. */
  public String nodeKubeletVersion(String node) {
    return withNode(node, n -> n.getStatus().getNodeInfo().getKubeletVersion());
  }

  public boolean nodeReady(String node) {
    synchronized (lock) {
      cluster.tick(now());
      return cluster.isReady(node);
    }
  }

  public boolean nodeUnschedulable(String node) {
    return withNode(node, n -> Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
  }

  /** The installed package version (1.31.2-1.1), or null when not installed. */
  public String installedPackage(String host, String pkg) {
    synchronized (lock) {
      return host(host).packages().get(pkg);
    }
  }

  public Set<String> holds(String host) {
    synchronized (lock) {
      return Set.copyOf(host(host).holds());
    }
  }

  /** The version in a control plane's static pod manifests (null on a worker). */
  public String staticPodVersion(String host) {
    synchronized (lock) {
      Version v = host(host).controlPlaneVersion();
      return v == null ? null : v.toString();
    }
  }

  /** A copy of every file of {@code host} (path to content): to show that a read-only step wrote nothing. */
  public Map<String, String> files(String host) {
    synchronized (lock) {
      return Map.copyOf(host(host).files());
    }
  }

  public String file(String host, String path) {
    synchronized (lock) {
      return host(host).files().get(path);
    }
  }

  /** The minor ("v1.31") /etc/apt/sources.list.d/kubernetes.list points at, or null. */
  public String configuredRepositoryMinor(String host) {
    synchronized (lock) {
      return AptRepository.minorOf(host(host).files().get(HostState.KUBERNETES_LIST));
    }
  }

  public KubeadmRole kubeadmRole(String host) {
    synchronized (lock) {
      return host(host).kubeadmRole();
    }
  }

  /** The version of the kubelet process that is running (the binary it was last restarted from), or null. */
  public String kubeletRunningVersion(String host) {
    synchronized (lock) {
      Version v = host(host).kubeletRunningVersion();
      return v == null ? null : v.toString();
    }
  }

  public boolean kubeletActive(String host) {
    synchronized (lock) {
      return host(host).kubeletActive();
    }
  }

  /** Runs {@code read} over the cluster objects under the lock, after a controller tick. */
  public <T> T read(java.util.function.Function<LabCluster, T> read) {
    synchronized (lock) {
      cluster.tick(now());
      return read.apply(cluster);
    }
  }

  private <T> T withNode(String node, java.util.function.Function<Node, T> f) {
    synchronized (lock) {
      cluster.tick(now());
      Node n = cluster.node(node);
      if (n == null) {
        throw new IllegalArgumentException("no node named '" + node + "' in the cluster");
      }
      return f.apply(n);
    }
  }
}
