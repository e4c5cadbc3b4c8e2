package dev.bosun.sim;

import dev.bosun.sim.host.AptRepository;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.host.Version;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.KubeObjects;
import dev.bosun.sim.kube.LabCluster;
import dev.bosun.sim.kube.RealCluster;
import dev.bosun.sim.programs.Programs;
import dev.bosun.sim.shell.CommandInterceptor;
import dev.bosun.sim.shell.Dispatcher;
import dev.bosun.sim.shell.Result;
import dev.bosun.sim.ssh.SimSshServer;
import dev.bosun.sim.testbed.KubeControlPlane;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running simulated lab: hosts reachable over real SSH at their own loopback addresses, answering Bosun's
 * host commands like the real tools, and a Kubernetes API over the same state. Start with {@link #start}.
 */
public final class LabSim implements AutoCloseable {

  /** A scheduled pod turns Ready this long after it is scheduled (plus up to one controller tick). */
  public static final long POD_READY_DELAY_MILLIS = 300;

  private static final long TICK_MILLIS = 100;

  private final LabSpec spec;
  private final LabState state;
  private final List<SimHost> hosts;
  private final CommandLog log = new CommandLog();
  private final Dispatcher dispatcher;
  private final ScheduledExecutorService controller;
  private SimSshServer ssh;
  private Faults faults;
  private dev.bosun.sim.api.ApiServer api;
  private Path s3Dir;
  private String s3Url;
  private dev.bosun.sim.testbed.S3Proxy s3;
  private RealCluster real;
  private int apiPort;
  private Path inventory;
  private Path privateKey;
  private Path knownHosts;
  private Path kubeconfig;

  private LabSim(LabSpec spec, LabState state, List<SimHost> hosts) {
    this.spec = spec;
    this.state = state;
    this.hosts = List.copyOf(hosts);
    this.dispatcher = new Dispatcher(state.lock(), new CommandInterceptor() {
      // faults is created after the dispatcher: look it up per command
      @Override
      public Result before(String h, String c) throws InterruptedException {
        return faults.before(h, c);
      }

      @Override
      public Result after(String h, String c, Result r) {
        return faults.after(h, c, r);
      }
    });
    Programs.registerAll(dispatcher, state);
    this.controller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lab-sim-controller");
      t.setDaemon(true);
      return t;
    });
  }

  /** Control plane i (0-based) at 127.0.1.(i+1); worker i at 127.0.(2 + i/250).(1 + i%250): distinct up to 60,000 hosts. */
  static String address(boolean controlPlane, int i) {
    return controlPlane
        ? "127.0.1." + (i + 1)
        : "127." + (i / 62_500) + "." + (2 + (i / 250) % 250) + "." + (1 + i % 250);
  }

  public static LabSim start(LabSpec spec) throws IOException {
    return start(spec, null);
  }

  /**
   * A lab whose hosts answer on {@code neighbour}'s SSH port and accept its client key (and whose own addresses differ
   * from the neighbour's: a {@link LabSpec#forInit} lab beside a lab of nodes), so that one inventory's {@code ssh}
   * reaches both: the restore drill's scratch VMs beside the cluster they restore.
   */
  public static LabSim startBeside(LabSpec spec, LabSim neighbour) throws IOException {
    return start(spec, neighbour);
  }

  private static LabSim start(LabSpec spec, LabSim neighbour) throws IOException {
    Files.createDirectories(spec.workDir());
    Version version = Version.parse(spec.version());
    LabCluster cluster = spec.api() == LabSpec.ApiBackend.REAL
        ? realCluster(spec, version)
        : new ClusterStore(version, POD_READY_DELAY_MILLIS);
    LabState state = new LabState(cluster, AptRepository.around(version), spec.notReadyWindow());
    state.hypervisors(new dev.bosun.sim.hypervisor.Hypervisors(spec.cluster()));
    state.disk(new dev.bosun.sim.host.HostDisk(spec.workDir()));
    List<SimHost> hosts = new ArrayList<>();
    if (spec.hypervisors()) {
      hosts.addAll(HypervisorHosts.HOSTS);
    }
    for (int i = 0; i < (spec.hypervisors() ? 0 : spec.controlPlanes()); i++) {
      hosts.add(new SimHost("cp-" + (i + 1), "control-plane", address(true, i)));
    }
    for (int i = 0; i < (spec.hypervisors() ? 0 : spec.workers()); i++) {
      hosts.add(new SimHost("w-" + (i + 1), "worker", address(false, i)));
    }
    state.workDir(spec.workDir());
    LabSim lab = new LabSim(spec, state, hosts);
    if (cluster instanceof RealCluster r) {
      lab.real = r;
    }
    try {
      lab.boot(version, neighbour);
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  /**
   * The real backend: the JVM's shared control plane when no other lab holds it, else a private one (closed with
   * the lab). Fails with the test bed's reason when it is not built.
   */
  private static RealCluster realCluster(LabSpec spec, Version version) throws IOException {
    KubeControlPlane shared = KubeControlPlane.shared();
    if (shared.tryAcquire()) {
      try {
        return new RealCluster(shared, version, spec.podReadyDelay(), shared::release);
      } catch (RuntimeException e) {
        shared.release();
        throw e;
      }
    }
    KubeControlPlane own = KubeControlPlane.start(
        shared.binDir(),
        java.nio.file.Files.createDirectories(spec.workDir().resolve("control-plane")));
    try {
      return new RealCluster(own, version, spec.podReadyDelay(), own::close);
    } catch (RuntimeException e) {
      own.close();
      throw e;
    }
  }

  /** LabSpec.withVelero: Velero installed as `velero install` would, on this lab's own bucket. */
  private void preinstallVelero(long now) throws IOException {
    Files.createDirectories(s3Dir.resolve(spec.veleroBucket()));
    dev.bosun.sim.velero.VeleroInstall.install(
        state.simStore(),
        new dev.bosun.sim.velero.VeleroInstall.Options(
            "velero",
            "aws",
            dev.bosun.sim.testbed.TestBed.VELERO_AWS_PLUGIN,
            spec.veleroBucket(),
            java.util.Map.of("region", "us-east-1", "s3ForcePathStyle", "true", "s3Url", s3Url),
            dev.bosun.sim.velero.VeleroInstall.labCredentials(),
            "velero/velero:" + dev.bosun.sim.testbed.TestBed.VELERO_VERSION),
        now,
        state::veleroBackupFault);
  }

  /**
   * The lab's object storage: the directory {@code <workDir>/s3} (a bucket is a directory in it, an object the file
   * {@code <bucket>/<key>}); on the real backend the first call starts the s3proxy that serves it.
   */
  public Path s3Dir() {
    if (real != null) {
      realS3();
    }
    return s3Dir;
  }

  /**
   * The S3 endpoint a Velero location in this lab names: on sim a URL naming this lab (nothing listens there); on
   * real the s3proxy serving {@link #s3Dir()}, started on first use.
   */
  public String s3Url() {
    return real != null ? realS3().url() : s3Url;
  }

  /**
   * An AWS shared-credentials file ({@code [default]} profile) for the lab's object storage, as {@code velero install
   * --secret-file} takes it: s3proxy's key pair on real, placeholder keys on sim (the double checks none).
   */
  public String s3Credentials() {
    return real != null
        ? realS3().awsCredentialsFile()
        : new String(
            dev.bosun.sim.velero.VeleroInstall.labCredentials(),
            java.nio.charset.StandardCharsets.UTF_8);
  }

  private synchronized dev.bosun.sim.testbed.S3Proxy realS3() {
    if (s3 == null) {
      try {
        s3Dir = Files.createDirectories(spec.workDir().resolve("s3"));
        s3 = dev.bosun.sim.testbed.S3Proxy.start(
            Files.createDirectories(spec.workDir().resolve("s3proxy")), s3Dir);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return s3;
  }

  private void boot(Version version, LabSim neighbour) throws IOException {
    String adminKubeconfig;
    if (real != null) {
      apiPort = real.controlPlane().apiPort();
      adminKubeconfig = real.controlPlane().adminKubeconfig();
      state.adminKubeconfig(real.controlPlane()::adminKubeconfig);
    } else {
      api = dev.bosun.sim.api.ApiServer.start(state, spec.workDir());
      s3Dir = Files.createDirectories(spec.workDir().resolve("s3"));
      s3Url = dev.bosun.sim.velero.ObjectStores.register(spec.cluster(), s3Dir);
      apiPort = api.port();
      adminKubeconfig = api.adminKubeconfig();
      state.adminKubeconfig(api::adminKubeconfig);
    }
    state.controlPlaneEndpoint("127.0.0.1:" + apiPort);
    long now = state.now();
    synchronized (state.lock()) {
      for (SimHost h : hosts) {
        if (h.isHypervisor()) {
          state.addHost(HypervisorHosts.state(h));
          if (h.name().equals(HypervisorHosts.UTM)) {
            HypervisorHosts.seed(state);
          }
          continue;
        }
        HostState host = new HostState(h.name(), h.address());
        host.provisioned();
        for (String pkg : AptRepository.PACKAGES) {
          host.packages().put(pkg, version.packageVersion());
          host.holds().add(pkg);
        }
        host.files()
            .put(HostState.KUBERNETES_LIST, AptRepository.debLine(version.minorLabel()) + "\n");
        host.aptIndexMinor(version.minorLabel());
        host.kubeadmRole(h.isControlPlane() ? KubeadmRole.CONTROL_PLANE : KubeadmRole.WORKER);
        host.files()
            .put(
                dev.bosun.sim.host.KubeletFiles.CONFIG,
                dev.bosun.sim.host.KubeletFiles.localConfig());
        host.files()
            .put(
                dev.bosun.sim.host.KubeletFiles.FLAGS,
                dev.bosun.sim.host.KubeletFiles.flags(version));
        if (h.isControlPlane()) {
          host.files()
              .put(
                  "/etc/kubernetes/pki/apiserver.crt",
                  "issued=" + state.certificatesIssuedMillis() + "\n");
        }
        state.addHost(host);
        state.registerNode(host, h.isControlPlane(), now);
      }
      if (!spec.hypervisors()) {
        seedWorkloads(now);
      }
      if (spec.veleroBucket() != null && real == null) {
        preinstallVelero(now);
      }
      state.cluster().tick(now);
      state.cluster().tick(now + POD_READY_DELAY_MILLIS);
    }
    if (real != null && !spec.hypervisors()) {
      awaitSettled(java.time.Duration.ofSeconds(60));
    }
    if (spec.sudoers() != null) {
      dispatcher.sudoers(
          dev.bosun.sim.shell.Sudoers.parse(Files.readString(spec.sudoers()), SimSshServer.USER));
    }
    controller.scheduleWithFixedDelay(state::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    List<String> addresses = hosts.stream().map(SimHost::address).toList();
    ssh = neighbour == null
        ? SimSshServer.start(addresses, this::execute, 16)
        : SimSshServer.start(
            addresses, this::execute, 16, neighbour.ssh.clientKey(), neighbour.sshPort());
    faults = new Faults(
        state,
        new Faults.SshHooks() {
          @Override
          public void refuse(String host, boolean refuse) throws IOException {
            ssh.refuse(state.host(host).address(), refuse);
          }

          @Override
          public void changeHostKey(String host, boolean changed) {
            ssh.changeHostKey(state.host(host).address(), changed);
          }
        },
        spec.commandLatency());
    state.machines(new VmHosts());
    privateKey = spec.workDir().resolve("id_ecdsa");
    knownHosts = spec.workDir().resolve("known_hosts");
    kubeconfig = spec.workDir().resolve("admin.conf");
    inventory = spec.workDir().resolve("inventory.yaml");
    ssh.writeClientKey(privateKey);
    ssh.writeKnownHosts(knownHosts, hosts.stream().map(SimHost::address).toList());
    Files.writeString(kubeconfig, adminKubeconfig);
    Files.writeString(
        inventory, InventoryFile.render(spec, hosts, ssh.port(), apiPort, privateKey, knownHosts));
    if (spec.faultsYaml() != null) {
      faults.load(Path.of(spec.faultsYaml()));
    }
  }

  /** VMs becoming hosts: a bare Linux machine at the next free 127.0.5.x / 127.0.6.x ... address. */
  private final class VmHosts implements LabState.Machines {
    private int created;

    @Override
    public HostState create(String name, String arch) throws IOException {
      int i = created++;
      HostState host = new HostState(
          name, "127.0." + (5 + i / 250) + "." + (1 + i % 250), HostState.Platform.LINUX, arch);
      host.etcdClientInstalled(false); // a fresh VM: kubeadm installs no etcdctl (bosun init does)
      state.addHost(host);
      ssh.addAddress(host.address());
      return host;
    }

    @Override
    public void destroy(String name) throws IOException {
      HostState host = state.host(name);
      ssh.removeAddress(host.address());
      state.removeHost(name);
    }
  }

  private void seedWorkloads(long now) {
    var cluster = state.cluster();
    cluster.addDaemonSet(
        "kube-system", "kube-proxy", "registry.k8s.io/kube-proxy:" + cluster.clusterVersion(), now);
    if (spec.workers() > 0) {
      cluster.addDeployment("kube-system", "coredns", 2, false, 1, now);
      cluster.addDeployment("default", "web", 3, false, 1, now);
      cluster.addPdb("default", "web-pdb", "web", new IntOrString(1), null, now);
      if (spec.appReplicasPerWorker() > 0) {
        cluster.addDeployment(
            "default", "app", spec.appReplicasPerWorker() * spec.workers(), true, 1, now);
      }
    }
  }

  /** Waits until every node is Ready and every pod is bound and Ready, as the simulated lab starts. */
  public void awaitSettled(java.time.Duration timeout) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    String waiting = "";
    while (System.currentTimeMillis() < deadline) {
      waiting = state.read(c -> {
        long notReadyNodes = c.nodes().stream()
            .filter(n -> !c.isReady(n.getMetadata().getName()))
            .count();
        var pods = c.pods();
        long notReady = pods.stream()
            .filter(p -> p.getSpec().getNodeName() == null || !KubeObjects.isReady(p))
            .count();
        boolean deploymentsDone = c.deployments().stream()
            .allMatch(d -> d.getStatus() != null
                && d.getSpec().getReplicas().equals(d.getStatus().getReadyReplicas()));
        int expected = hosts.size()
            + (spec.workers() > 0 ? 5 + spec.appReplicasPerWorker() * spec.workers() : 0)
            + 4 * spec.controlPlanes();
        return notReadyNodes == 0 && notReady == 0 && deploymentsDone && pods.size() >= expected
            ? ""
            : notReadyNodes + " nodes not Ready, " + notReady + " of " + pods.size()
                + " pods not Ready (" + expected + " expected)";
      });
      if (waiting.isEmpty()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException(
        "the lab's workloads did not settle on the real control plane within " + timeout.toSeconds()
            + " s: " + waiting + " (logs: " + real.controlPlane().logDir() + ")");
  }

  /** One command line on the host at {@code address}: latency, faults, the simulated shell, the command log. */
  private Result execute(String address, String line) throws InterruptedException {
    return execute(address, line, () -> "");
  }

  private Result execute(String address, String line, java.util.function.Supplier<String> stdin)
      throws InterruptedException {
    HostState host = state.hostByAddress(address);
    long start = System.currentTimeMillis();
    int exit = -1;
    try {
      long latency = faults.latency().toMillis();
      if (latency > 0) {
        Thread.sleep(latency);
      }
      Result r = dispatcher.run(host, line, stdin);
      exit = r.exitCode();
      return r;
    } finally {
      log.add(new CommandRecord(host.name(), line, exit, start, System.currentTimeMillis()));
    }
  }

  /** Runs a command line on a host directly (no SSH), logged like an SSH exec; for tests and demos. */
  public Result run(String host, String commandLine) throws InterruptedException {
    return execute(state.host(host).address(), commandLine);
  }

  /** The same with {@code stdin} as the session's input (what an SSH client sends on the exec channel). */
  public Result run(String host, String commandLine, String stdin) throws InterruptedException {
    return execute(state.host(host).address(), commandLine, () -> stdin);
  }

  /**
   * The real file behind {@code path} on {@code host} for lab-sim's rclone ({@code <workDir>/hosts/<host>/<path>}):
   * where a test or the demo puts an rclone config or looks at an off-host copy.
   */
  public Path hostPath(String host, String path) {
    state.host(host);
    return state.disk().real(host, path);
  }

  /** Adds one unmanaged pod (no controller) on a node, for drain tests that need one. */
  public void addBarePod(String namespace, String name, String node) {
    synchronized (state.lock()) {
      state.cluster().addBarePod(namespace, name, node, state.now());
    }
  }

  public LabSpec spec() {
    return spec;
  }

  public Path inventoryFile() {
    return inventory;
  }

  public Path privateKey() {
    return privateKey;
  }

  public Path knownHosts() {
    return knownHosts;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public int sshPort() {
    return ssh.port();
  }

  public String apiServerUrl() {
    return "https://127.0.0.1:" + apiPort;
  }

  /** The real control plane under this lab, or null on the sim backend. */
  public KubeControlPlane controlPlane() {
    return real == null ? null : real.controlPlane();
  }

  public List<SimHost> hosts() {
    return hosts;
  }

  public SimHost host(String name) {
    return hosts.stream()
        .filter(h -> h.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host named '" + name + "' in the lab"));
  }

  public CommandLog commandLog() {
    return log;
  }

  public Faults faults() {
    return faults;
  }

  public LabState state() {
    return state;
  }

  @Override
  public void close() {
    if (faults != null) {
      faults.clear();
    }
    controller.shutdownNow();
    try {
      if (ssh != null) {
        ssh.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    if (api != null) {
      api.close();
    }
    state.stopProcesses(null);
    if (s3Url != null && real == null) {
      dev.bosun.sim.velero.ObjectStores.unregister(s3Url);
    }
    if (s3 != null) {
      s3.close();
    }
    if (real != null) {
      real.close();
    }
  }
}
