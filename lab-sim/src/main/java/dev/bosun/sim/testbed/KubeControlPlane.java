package dev.bosun.sim.testbed;

import dev.bosun.sim.api.LabPki;
import dev.bosun.sim.net.LocalPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
 * kwok (the fake kubelets), built by {@code testbed/install}, started on free ports with a fresh PKI, and stopped
 * by PID. A watchdog process kills every component when this JVM dies without closing it, so no component
 * outlives a killed test run.
 *
 * <p>{@link #shared()} gives one control plane per JVM (tests take turns on it, see {@link #acquire}); {@link #start}
 * a private one.
 */
public final class KubeControlPlane implements AutoCloseable {

  /** How long each component may take to become healthy. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  /** kwok's default pod readiness delay (a pod may override it with the annotation pod-ready.stage.kwok.x-k8s.io/delay). */
  public static final Duration DEFAULT_POD_READY_DELAY = Duration.ofMillis(300);

  private static final Object SHARED_LOCK = new Object();
  private static KubeControlPlane shared;

  private final Path binDir;
  private final Path workDir;
  private final Path dataDir;
  private final List<Component> components = new ArrayList<>();
  private final java.util.concurrent.Semaphore turn = new java.util.concurrent.Semaphore(1);
  private Process watchdog;
  private Path pidFile;
  private LabPki pki;
  private int apiPort;
  private String adminKubeconfig;
  private Path kubeconfigPath;
  private HttpClient apiHttp;
  private final Duration readyTimeout;
  private volatile boolean closed;

  /** One running component: its process, log, and how to tell it is healthy. */
  private record Component(String name, Process process, Path log) {}

  private KubeControlPlane(Path binDir, Path workDir, Duration readyTimeout) {
    this.binDir = binDir;
    this.workDir = workDir;
    this.readyTimeout = readyTimeout;
    Path shm = Path.of("/dev/shm");
    this.dataDir = Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm.resolve("bosun-etcd-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
        : workDir.resolve("etcd-data");
  }

  /** Starts a private control plane from the test bed's binaries; its files and logs go to {@code workDir}. */
  public static KubeControlPlane start(Path binDir, Path workDir) {
    return start(binDir, workDir, READY_TIMEOUT);
  }

  /** As {@link #start(Path, Path)}, with each component given {@code readyTimeout} to become healthy. */
  public static KubeControlPlane start(Path binDir, Path workDir, Duration readyTimeout) {
    for (int attempt = 1; ; attempt++) {
      Path dir = attempt == 1 ? workDir : workDir.resolve("attempt-" + attempt);
      KubeControlPlane cp = new KubeControlPlane(binDir, dir, readyTimeout);
      try {
        cp.boot();
        return cp;
      } catch (RuntimeException e) {
        cp.close();
        // a free port picked here can be taken by another process before the component binds it:
        // new ports
        if (cp.lostAPort()) {
          if (attempt < 3) {
            continue;
          }
          throw new TestBedException(
              "the control plane lost a port to another process on 3 sets of free ports; the last time: "
                  + e.getMessage(),
              e);
        }
        throw e;
      }
    }
  }

  /** Whether a component failed because its port was taken between the pick and the bind. */
  private boolean lostAPort() {
    try (var logs = Files.list(workDir.resolve("logs"))) {
      for (Path log : logs.toList()) {
        if (Files.readString(log).contains("address already in use")) {
          return true;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
    return false;
  }

  /** The JVM's shared control plane, started on first use from the built test bed and stopped when the JVM exits. */
  public static KubeControlPlane shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null || shared.closed) {
        TestBed.Availability bed = TestBed.find();
        if (!bed.available()) {
          throw new TestBedException(bed.reason());
        }
        try {
          Path dir = Files.createTempDirectory("bosun-kube-");
          shared = start(bed.binDir(), dir);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return shared;
    }
  }

  /**
   * Takes this control plane for one lab at a time (labs on one API server would share node names); returns
   * false when another lab holds it, so that the caller starts a private one instead of waiting.
   */
  public boolean tryAcquire() {
    return turn.tryAcquire();
  }

  public void release() {
    turn.release();
  }

  private void boot() {
    try {
      Files.createDirectories(workDir.resolve("logs"));
      Files.createDirectories(dataDir);
      pidFile = workDir.resolve("pids");
      Files.writeString(pidFile, "");
      startWatchdog();
      apiPort = LocalPorts.free();
      writePki();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new TestBedException("cannot generate the control plane's PKI: " + e.getMessage(), e);
    }
    int etcdClient = LocalPorts.free();
    int etcdPeer = LocalPorts.free();
    int kcmPort = LocalPorts.free();
    int schedulerPort = LocalPorts.free();
    int kwokPort = LocalPorts.free();
    Path pkiDir = workDir.resolve("pki");

    Component etcd = launch(
        "etcd",
        List.of(
            "--name=testbed",
            "--data-dir=" + dataDir,
            "--unsafe-no-fsync",
            "--log-level=warn",
            "--listen-client-urls=http://127.0.0.1:" + etcdClient,
            "--advertise-client-urls=http://127.0.0.1:" + etcdClient,
            "--listen-peer-urls=http://127.0.0.1:" + etcdPeer,
            "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeer,
            "--initial-cluster=testbed=http://127.0.0.1:" + etcdPeer));
    waitUntil(
        etcd,
        () -> HealthProbes.ok(HealthProbes.plain(), "http://127.0.0.1:" + etcdClient + "/health"));

    Component api = launch(
        "kube-apiserver",
        List.of(
            "--etcd-servers=http://127.0.0.1:" + etcdClient,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            "--secure-port=" + apiPort,
            "--tls-cert-file=" + pkiDir.resolve("apiserver.crt"),
            "--tls-private-key-file=" + pkiDir.resolve("apiserver.key"),
            "--client-ca-file=" + pkiDir.resolve("ca.crt"),
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + pkiDir.resolve("sa.pub"),
            "--service-account-signing-key-file=" + pkiDir.resolve("sa.key"),
            "--service-cluster-ip-range=10.0.0.0/24",
            "--authorization-mode=Node,RBAC",
            "--allow-privileged=true",
            "--endpoint-reconciler-type=none",
            "--profiling=false"));
    waitUntil(api, () -> HealthProbes.ok(apiHttp, apiUrl() + "/readyz"));

    Path kubeconfig = kubeconfigPath;
    Component kcm = launch(
        "kube-controller-manager",
        List.of(
            "--kubeconfig=" + kubeconfig,
            "--authentication-kubeconfig=" + kubeconfig,
            "--authorization-kubeconfig=" + kubeconfig,
            "--bind-address=127.0.0.1",
            "--secure-port=" + kcmPort,
            "--controllers=*",
            "--leader-elect=false",
            "--use-service-account-credentials=true",
            "--service-account-private-key-file=" + pkiDir.resolve("sa.key"),
            "--root-ca-file=" + pkiDir.resolve("ca.crt"),
            "--cluster-cidr=10.244.0.0/16",
            "--allocate-node-cidrs=false",
            "--profiling=false"));
    Component scheduler = launch(
        "kube-scheduler",
        List.of(
            "--kubeconfig=" + kubeconfig,
            "--authentication-kubeconfig=" + kubeconfig,
            "--authorization-kubeconfig=" + kubeconfig,
            "--bind-address=127.0.0.1",
            "--secure-port=" + schedulerPort,
            "--leader-elect=false",
            "--profiling=false"));
    Path stages = workDir.resolve("kwok-stages.yaml");
    writeStages(stages, DEFAULT_POD_READY_DELAY);
    Component kwok = launch(
        "kwok",
        List.of(
            "--kubeconfig=" + kubeconfig,
            "--config=" + stages,
            "--manage-all-nodes=false",
            "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
            "--node-lease-duration-seconds=40",
            "--cidr=10.244.0.0/16",
            "--node-ip=127.0.0.1",
            "--server-address=127.0.0.1:" + kwokPort));
    HttpClient insecure = HealthProbes.insecure();
    waitUntil(kcm, () -> HealthProbes.ok(insecure, "https://127.0.0.1:" + kcmPort + "/healthz"));
    waitUntil(
        scheduler,
        () -> HealthProbes.ok(insecure, "https://127.0.0.1:" + schedulerPort + "/healthz"));
    waitUntil(
        kwok,
        () -> HealthProbes.ok(HealthProbes.plain(), "http://127.0.0.1:" + kwokPort + "/healthz"));
    // Pods are refused until the ServiceAccount controller has made the namespace's default
    // account.
    waitUntil(
        kcm,
        () -> HealthProbes.ok(
            apiHttp, apiUrl() + "/api/v1/namespaces/default/serviceaccounts/default"));
  }

  private void writePki() throws GeneralSecurityException, IOException {
    pki = new LabPki(
        List.of("127.0.0.1", "10.0.0.1"),
        List.of(
            "localhost",
            "kubernetes",
            "kubernetes.default",
            "kubernetes.default.svc",
            "kubernetes.default.svc.cluster.local"),
        "O=system:masters,CN=kubernetes-admin");
    Path dir = workDir.resolve("pki");
    Files.createDirectories(dir);
    var sa = LabPki.keyPair();
    write(dir.resolve("ca.crt"), LabPki.certPem(pki.ca));
    write(dir.resolve("apiserver.crt"), LabPki.certPem(pki.server));
    write(dir.resolve("apiserver.key"), LabPki.rsaKeyPem(pki.serverKey));
    write(dir.resolve("sa.key"), LabPki.rsaKeyPem(sa));
    write(dir.resolve("sa.pub"), LabPki.pem("PUBLIC KEY", sa.getPublic().getEncoded()));
    kubeconfigPath = workDir.resolve("admin.conf");
    adminKubeconfig =
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: "
            + LabPki.b64(LabPki.certPem(pki.ca)) + "\n    server: " + apiUrl()
            + "\n  name: testbed\n"
            + "contexts:\n- context:\n    cluster: testbed\n    user: kubernetes-admin\n  name: kubernetes-admin@testbed\n"
            + "current-context: kubernetes-admin@testbed\npreferences: {}\nusers:\n- name: kubernetes-admin\n  user:\n"
            + "    client-certificate-data: " + LabPki.b64(LabPki.certPem(pki.admin)) + "\n"
            + "    client-key-data: " + LabPki.b64(LabPki.rsaKeyPem(pki.adminKey)) + "\n";
    write(kubeconfigPath, adminKubeconfig);
    apiHttp = HealthProbes.admin(pki);
  }

  private static void write(Path p, String content) throws IOException {
    Files.writeString(p, content);
    p.toFile().setReadable(false, false);
    p.toFile().setReadable(true, true);
  }

  /** kwok's stage definitions with this default pod readiness delay (lab-sim's own stages, see the resource's header). */
  private static void writeStages(Path to, Duration readyDelay) {
    try (var in = KubeControlPlane.class.getResourceAsStream("kwok-stages.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Files.writeString(
          to, yaml.replace("${READY_DELAY_MS}", Long.toString(readyDelay.toMillis())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A background shell that kills every component listed in the PID file once this JVM is gone. */
  private void startWatchdog() throws IOException {
    String script = "jvm=$1; pids=$2; while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done; "
        + "p=$(cat \"$pids\" 2>/dev/null); [ -n \"$p\" ] && kill -TERM $p 2>/dev/null; sleep 2; "
        + "p=$(cat \"$pids\" 2>/dev/null); [ -n \"$p\" ] && kill -KILL $p 2>/dev/null; rm -rf \"$3\"";
    watchdog = new ProcessBuilder(
            "setsid",
            "bash",
            "-c",
            script,
            "bosun-testbed-watchdog",
            Long.toString(ProcessHandle.current().pid()),
            pidFile.toString(),
            dataDir.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    watchdog.getOutputStream().close();
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bosun-testbed-shutdown"));
  }

  private Component launch(String name, List<String> args) {
    Path binary = binDir.resolve(name);
    Path log = workDir.resolve("logs").resolve(name + ".log");
    if (!Files.isExecutable(binary)) {
      throw new TestBedException(
          name + " is missing from " + binDir + ": rebuild the test bed with testbed/install");
    }
    List<String> command = new ArrayList<>();
    command.add(
        "setsid"); // its own process group: a signal to the test JVM's group does not reach it
    command.add(binary.toString());
    command.addAll(args);
    try {
      Process p = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      p.getOutputStream().close();
      Files.writeString(pidFile, p.pid() + "\n", java.nio.file.StandardOpenOption.APPEND);
      Component c = new Component(name, p, log);
      components.add(c);
      return c;
    } catch (IOException e) {
      throw new TestBedException(
          name + " could not be started (" + e.getMessage() + "); its log: " + log, e);
    }
  }

  private void waitUntil(Component c, Supplier<Boolean> healthy) {
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    while (true) {
      if (!c.process().isAlive()) {
        throw new TestBedException(
            c.name() + " exited with code " + c.process().exitValue() + " while starting; its log: "
                + c.log() + tail(c.log())
                + "\nIf the binary is broken, rebuild the test bed: rm -rf ~/.cache/bosun/testbed && testbed/install");
      }
      for (Component other : components) {
        if (other != c && !other.process().isAlive()) {
          throw new TestBedException(other.name() + " exited with code "
              + other.process().exitValue() + "; its log: " + other.log() + tail(other.log()));
        }
      }
      if (healthy.get()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TestBedException(c.name() + " was not ready within " + readyTimeout.toSeconds()
            + " s; its log: " + c.log() + tail(c.log()));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TestBedException("interrupted while waiting for " + c.name());
      }
    }
  }

  private static String tail(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      return "\n  " + String.join("\n  ", all.subList(Math.max(0, all.size() - 8), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  public String apiUrl() {
    return "https://127.0.0.1:" + apiPort;
  }

  public int apiPort() {
    return apiPort;
  }

  /** The admin kubeconfig (O=system:masters) with embedded certificates. */
  public String adminKubeconfig() {
    return adminKubeconfig;
  }

  public Path kubeconfigPath() {
    return kubeconfigPath;
  }

  public Path binDir() {
    return binDir;
  }

  public Path kubectl() {
    return binDir.resolve("kubectl");
  }

  public Path logDir() {
    return workDir.resolve("logs");
  }

  /** Resident memory of each component (kB from /proc), for the benchmark. */
  public java.util.Map<String, Long> rssKiB() {
    java.util.Map<String, Long> rss = new java.util.LinkedHashMap<>();
    for (Component c : components) {
      try {
        String status = Files.readString(Path.of("/proc/" + c.process().pid() + "/status"));
        status
            .lines()
            .filter(l -> l.startsWith("VmRSS:"))
            .findFirst()
            .ifPresent(l -> rss.put(c.name(), Long.parseLong(l.replaceAll("[^0-9]", ""))));
      } catch (IOException | RuntimeException e) {
        rss.put(c.name(), -1L);
      }
    }
    return rss;
  }

  /** Stops every component by PID (TERM, then KILL after 5 s), in reverse start order, and removes etcd's data. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Component> reverse = new ArrayList<>(components);
    java.util.Collections.reverse(reverse);
    reverse.forEach(c -> c.process().destroy());
    for (Component c : reverse) {
      try {
        if (!c.process().waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          c.process().destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        c.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (watchdog != null) {
      watchdog.destroy();
    }
    deleteTree(dataDir);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: tmpfs or a temp directory
    }
  }
}
