package dev.bosun.sim;

import dev.bosun.sim.shell.CommandInterceptor;
import dev.bosun.sim.shell.Result;

import dev.bosun.sim.host.AptRepository;
import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.host.Version;
import dev.bosun.sim.programs.Programs;
import dev.bosun.sim.shell.CommandInterceptor;
import dev.bosun.sim.shell.Dispatcher;
import dev.bosun.sim.shell.Result;
import dev.bosun.sim.ssh.SimSshServer;
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
    return controlPlane ? "127.0.1." + (i + 1) : "127." + (i / 62_500) + "." + (2 + (i / 250) % 250) + "." + (1 + i % 250);
  }

  public static LabSim start(LabSpec spec) throws IOException {
    Files.createDirectories(spec.workDir());
    Version version = Version.parse(spec.version());
    LabState state = new LabState(version, AptRepository.around(version), spec.notReadyWindow(), POD_READY_DELAY_MILLIS);
    List<SimHost> hosts = new ArrayList<>();
    for (int i = 0; i < spec.controlPlanes(); i++) {
      hosts.add(new SimHost("cp-" + (i + 1), "control-plane", address(true, i)));
    }
    for (int i = 0; i < spec.workers(); i++) {
      hosts.add(new SimHost("w-" + (i + 1), "worker", address(false, i)));
    }
    LabSim lab = new LabSim(spec, state, hosts);
    try {
      lab.boot(version);
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  private void boot(Version version) throws IOException {
    api = dev.bosun.sim.api.ApiServer.start(state, spec.workDir());
    state.controlPlaneEndpoint("127.0.0.1:" + api.port());
    state.adminKubeconfig(api::adminKubeconfig);
    long now = state.now();
    synchronized (state.lock()) {
      for (SimHost h : hosts) {
        HostState host = new HostState(h.name(), h.address());
        for (String pkg : AptRepository.PACKAGES) {
          host.packages().put(pkg, version.packageVersion());
          host.holds().add(pkg);
        }
        host.files().put(HostState.KUBERNETES_LIST, AptRepository.debLine(version.minorLabel()) + "\n");
        host.aptIndexMinor(version.minorLabel());
        host.kubeadmRole(h.isControlPlane() ? KubeadmRole.CONTROL_PLANE : KubeadmRole.WORKER);
        if (h.isControlPlane()) {
          host.files().put("/etc/kubernetes/pki/apiserver.crt", "issued=" + state.certificatesIssuedMillis() + "\n");
        }
        state.addHost(host);
        state.registerNode(host, h.isControlPlane(), now);
      }
      seedWorkloads(now);
      state.cluster().tick(now);
      state.cluster().tick(now + POD_READY_DELAY_MILLIS);
    }
    controller.scheduleWithFixedDelay(state::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    ssh = SimSshServer.start(hosts.stream().map(SimHost::address).toList(), this::execute, 16);
    faults = new Faults(state, new Faults.SshHooks() {
      @Override
      public void refuse(String host, boolean refuse) throws IOException {
        ssh.refuse(state.host(host).address(), refuse);
      }

      @Override
      public void changeHostKey(String host, boolean changed) {
        ssh.changeHostKey(state.host(host).address(), changed);
      }
    }, spec.commandLatency());
    privateKey = spec.workDir().resolve("id_ecdsa");
    knownHosts = spec.workDir().resolve("known_hosts");
    kubeconfig = spec.workDir().resolve("admin.conf");
    inventory = spec.workDir().resolve("inventory.yaml");
    ssh.writeClientKey(privateKey);
    ssh.writeKnownHosts(knownHosts, hosts.stream().map(SimHost::address).toList());
    Files.writeString(kubeconfig, api.adminKubeconfig());
    Files.writeString(inventory, InventoryFile.render(spec, hosts, ssh.port(), api.port(), privateKey, knownHosts));
    if (spec.faultsYaml() != null) {
      faults.load(Path.of(spec.faultsYaml()));
    }
  }

  private void seedWorkloads(long now) {
    var cluster = state.cluster();
    cluster.addDaemonSet("kube-system", "kube-proxy", "registry.k8s.io/kube-proxy:" + cluster.clusterVersion(), now);
    if (spec.workers() > 0) {
      cluster.addDeployment("kube-system", "coredns", 2, false, now);
      cluster.addDeployment("default", "web", 3, false, now);
      cluster.addPdb("default", "web-pdb", "web", new IntOrString(1), null, now);
      if (spec.appReplicasPerWorker() > 0) {
        cluster.addDeployment("default", "app", spec.appReplicasPerWorker() * spec.workers(), true, now);
      }
    }
  }

  /** One command line on the host at {@code address}: latency, faults, the simulated shell, the command log. */
  private Result execute(String address, String line) throws InterruptedException {
    HostState host = state.hostByAddress(address);
    long start = System.currentTimeMillis();
    int exit = -1;
    try {
      long latency = faults.latency().toMillis();
      if (latency > 0) {
        Thread.sleep(latency);
      }
      Result r = dispatcher.run(host, line);
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
    return "https://127.0.0.1:" + api.port();
  }

  public List<SimHost> hosts() {
    return hosts;
  }

  public SimHost host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
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
  }
}
