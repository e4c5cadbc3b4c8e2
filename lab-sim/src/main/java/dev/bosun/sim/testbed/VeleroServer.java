package dev.bosun.sim.testbed;

import dev.bosun.sim.net.LocalPorts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The real Velero server (v1.18.3, built by {@code testbed/install}) for one {@link KubeControlPlane}, running outside
 * the cluster as an operator would never run it but as a test bed can: per control plane it applies Velero's CRDs
 * (printed by the built binary's {@code velero install --crds-only --dry-run -o yaml}) server-side and waits for them
 * to be Established, creates the server's namespace, a placeholder Deployment {@code <namespace>/velero} with 0
 * replicas (a restore reads it to find the restore helper's image; without it the first restore is PartiallyFailed
 * with {@code deployments.apps "velero" not found}) and the BackupStorageLocation {@code default} (provider aws,
 * path style, on an {@link S3Proxy}), then starts {@code velero server} on loopback ports and returns once the
 * server has validated the location.
 *
 * <p>Traps handled (see testbed/README.md): controller-runtime's hard-wired metrics listener on :8080 is linked off
 * at build time; the location is created with {@code status.phase: Available} (the CRDs have no status subresource),
 * because Velero's backup sync runs once a minute and skips a location that is not yet Available at that moment, so a
 * fresh server would see another cluster's backups only after about 60 s; the server still validates it within
 * {@code --store-validation-frequency} and {@link #start} waits for that. Velero keeps files for credential Secrets
 * under the fixed {@code /tmp/credentials/<namespace>}; this server gets its credentials through
 * {@code AWS_SHARED_CREDENTIALS_FILE} and names no Secret, so it writes nothing there and servers may share a
 * namespace name. Restores left in a cluster after its server stopped cannot be deleted (their finalizer waits for
 * the server): {@link #deleteRestores} removes them while it runs.
 *
 * <p>Stopped by PID (with its plugin processes) on {@link #close()}; a watchdog kills it when the JVM dies.
 */
public final class VeleroServer implements AutoCloseable {

  public static final String API_VERSION = "velero.io/v1";
  public static final String LOCATION = "default";
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  public static final Set<String> TERMINAL_PHASES =
      Set.of("Completed", "PartiallyFailed", "Failed", "FailedValidation");

  /** Where backups go: an S3 endpoint, a bucket, a key pair; {@code readOnly} gives {@code accessMode: ReadOnly}. */
  public record StorageLocation(
      String s3Url, String bucket, String accessKey, String secretKey, boolean readOnly) {
    public static StorageLocation of(S3Proxy s3, String bucket, boolean readOnly) {
      return new StorageLocation(s3.url(), bucket, s3.accessKey(), s3.secretKey(), readOnly);
    }
  }

  private final TestBed.VeleroAvailability velero;
  private final KubeControlPlane cp;
  private final String namespace;
  private final StorageLocation location;
  private final Path workDir;
  private final KubernetesClient client;
  private Watchdog watchdog;
  private Process process;
  private Path log;
  private int metricsPort;
  private volatile boolean closed;
  private final Map<String, Long> startupMillis = new LinkedHashMap<>();

  private VeleroServer(
      TestBed.VeleroAvailability velero,
      KubeControlPlane cp,
      String namespace,
      StorageLocation location,
      Path workDir) {
    this.velero = velero;
    this.cp = cp;
    this.namespace = namespace;
    this.location = location;
    this.workDir = workDir;
    this.client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(cp.adminKubeconfig()))
        .build();
  }

  /** Velero in namespace {@code velero} for {@code cp}, from the built test bed (throws with the reason when not built). */
  public static VeleroServer start(KubeControlPlane cp, StorageLocation location, Path workDir) {
    return start(TestBed.velero(), cp, "velero", location, workDir);
  }

  /** Velero in {@code namespace} for {@code cp}; its files and log go to {@code workDir}. */
  public static VeleroServer start(
      TestBed.VeleroAvailability velero,
      KubeControlPlane cp,
      String namespace,
      StorageLocation location,
      Path workDir) {
    if (!velero.available()) {
      throw new TestBedException(velero.reason());
    }
    if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "namespace: '" + namespace + "' is not a valid Kubernetes namespace name");
    }
    VeleroServer v = new VeleroServer(velero, cp, namespace, location, workDir);
    try {
      v.boot();
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  /**
   * The server for a Velero that {@code velero install} put into {@code cp} (CRDs, namespace, Deployment, the
   * location {@code default}): lab-sim plays the kubelet of its Deployment by running the process here, with the
   * install's {@code --secret-file} as its credentials. The location is marked Available first (trap 2).
   */
  public static VeleroServer attach(
      TestBed.VeleroAvailability velero,
      KubeControlPlane cp,
      String namespace,
      byte[] credentials,
      Path workDir) {
    if (!velero.available()) {
      throw new TestBedException(velero.reason());
    }
    VeleroServer v = new VeleroServer(velero, cp, namespace, null, workDir);
    try {
      Files.createDirectories(workDir.resolve("scratch"));
      Files.createDirectories(workDir.resolve("logs"));
      GenericKubernetesResource bsl =
          v.resources("BackupStorageLocation").withName(LOCATION).get();
      if (bsl != null) {
        bsl.setAdditionalProperty("status", Map.of("phase", "Available"));
        v.resources("BackupStorageLocation").resource(bsl).update();
      }
      v.startProcess(new String(credentials, StandardCharsets.UTF_8));
      return v;
    } catch (IOException e) {
      v.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  private void boot() {
    try {
      Files.createDirectories(workDir.resolve("scratch"));
      Files.createDirectories(workDir.resolve("logs"));
      long t0 = System.nanoTime();
      VeleroResources.installCrds(client, velero, cp);
      startupMillis.put("crds", (System.nanoTime() - t0) / 1_000_000);
      t0 = System.nanoTime();
      VeleroResources.applyNamespace(client, namespace);
      startupMillis.put("namespace", (System.nanoTime() - t0) / 1_000_000);
      t0 = System.nanoTime();
      client
          .apps()
          .deployments()
          .inNamespace(namespace)
          .resource(VeleroResources.deployment(
              namespace, 0, "velero/velero:" + TestBed.VELERO_VERSION, TestBed.VELERO_AWS_PLUGIN))
          .forceConflicts()
          .serverSideApply();
      startupMillis.put("placeholder deployment", (System.nanoTime() - t0) / 1_000_000);
      t0 = System.nanoTime();
      VeleroResources.applyLocation(client, namespace, location);
      startupMillis.put("location", (System.nanoTime() - t0) / 1_000_000);

      startProcess("[default]\naws_access_key_id=" + location.accessKey()
          + "\naws_secret_access_key=" + location.secretKey() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startProcess(String credentialsFile) throws IOException {
    {
      Path credentials = workDir.resolve("credentials");
      Files.writeString(credentials, credentialsFile);
      credentials.toFile().setReadable(false, false);
      credentials.toFile().setReadable(true, true);
      log = workDir.resolve("logs/velero.log");
      watchdog = Watchdog.start(workDir.resolve("velero.pid"), null);
      metricsPort = LocalPorts.free();
      List<String> command = new ArrayList<>(List.of(
          "setsid",
          velero.velero().toString(),
          "server",
          "--kubeconfig",
          cp.kubeconfigPath().toString(),
          "--namespace",
          namespace,
          "--plugin-dir",
          velero.pluginDir().toString(),
          "--metrics-address",
          "127.0.0.1:" + metricsPort,
          "--profiler-address",
          "127.0.0.1:" + LocalPorts.free(),
          "--store-validation-frequency",
          "5s",
          "--backup-sync-period",
          "5s"));
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("AWS_"));
      env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
      env.put("VELERO_SCRATCH_DIR", workDir.resolve("scratch").toString());
      process = pb.start();
      process.getOutputStream().close();
      watchdog.watch(process);
    }
    long t0 = System.nanoTime();
    awaitValidated();
    startupMillis.put("server validated the location", (System.nanoTime() - t0) / 1_000_000);
  }

  /** Ready once the server has validated the location itself (status.lastValidationTime set) and found it Available. */
  private void awaitValidated() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new TestBedException("velero server exited with code " + process.exitValue()
            + " while starting; its log: " + log + tail());
      }
      GenericKubernetesResource bsl =
          resources("BackupStorageLocation").withName(LOCATION).get();
      Map<String, Object> status = status(bsl);
      if (status.get("lastValidationTime") != null) {
        if ("Available".equals(status.get("phase"))) {
          return;
        }
        throw new TestBedException(
            "Velero found the BackupStorageLocation " + namespace + "/" + LOCATION + " (bucket "
                + (location == null ? "" : location.bucket() + " at " + location.s3Url()) + ") "
                + status.get("phase") + ": "
                + status.get("message")
                + "; its log: " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new TestBedException(
            "velero server did not validate its BackupStorageLocation within "
                + READY_TIMEOUT.toSeconds() + " s; its log: " + log + tail());
      }
      sleep(100);
    }
  }

  /** The Velero resources of {@code kind} (Backup, Restore, BackupStorageLocation…) in this server's namespace. */
  public NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(String kind) {
    return VeleroResources.resources(client, namespace, kind);
  }

  /** Creates a Backup of {@code namespaces} to the location {@code default} (no volume snapshots). */
  public GenericKubernetesResource createBackup(String name, List<String> namespaces) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("includedNamespaces", namespaces);
    spec.put("storageLocation", LOCATION);
    spec.put("snapshotVolumes", false);
    spec.put("ttl", "720h0m0s");
    return create("Backup", name, spec);
  }

  /** Creates a Restore of the backup {@code backupName}. */
  public GenericKubernetesResource createRestore(String name, String backupName) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("backupName", backupName);
    return create("Restore", name, spec);
  }

  private GenericKubernetesResource create(String kind, String name, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .build();
    r.setAdditionalProperty("spec", spec);
    return resources(kind).resource(r).create();
  }

  /** Waits until the {@code kind} named {@code name} exists and its {@code status.phase} is terminal; returns it. */
  public GenericKubernetesResource awaitPhase(String kind, String name, Duration timeout) {
    return await(
        kind,
        name,
        timeout,
        r -> r != null && TERMINAL_PHASES.contains(String.valueOf(status(r).get("phase"))),
        "a terminal status.phase " + TERMINAL_PHASES);
  }

  /** Waits until a backup synced from the bucket (or made here) exists in this cluster; returns it. */
  public GenericKubernetesResource awaitBackupSynced(String name, Duration timeout) {
    return await(
        "Backup",
        name,
        timeout,
        r -> r != null && "Completed".equals(status(r).get("phase")),
        "the Backup to appear, Completed (backup sync from the bucket)");
  }

  private GenericKubernetesResource await(
      String kind,
      String name,
      Duration timeout,
      Predicate<GenericKubernetesResource> done,
      String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      GenericKubernetesResource r = resources(kind).withName(name).get();
      if (done.test(r)) {
        return r;
      }
      if (!process.isAlive()) {
        throw new TestBedException(
            "velero server exited with code " + process.exitValue() + "; its log: " + log + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new TestBedException(
            kind + " " + namespace + "/" + name + ": no " + what + " within " + timeout.toSeconds()
                + " s (status: " + (r == null ? "absent" : status(r)) + "); Velero's log: " + log);
      }
      sleep(100);
    }
  }

  /**
   * Deletes every Restore in this server's namespace and waits until they are gone, while the server runs: a Restore
   * carries the finalizer {@code restores.velero.io/external-resources-finalizer}, which only the server removes, so
   * once it is stopped their deletion (and the namespace's) hangs. Call it before {@link #close()} on a control
   * plane that outlives this server (the shared one).
   */
  public void deleteRestores(Duration timeout) {
    resources("Restore").delete();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!resources("Restore").list().getItems().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new TestBedException("Velero did not finish deleting the Restores in " + namespace
            + " within " + timeout.toSeconds() + " s; its log: " + log);
      }
      sleep(100);
    }
  }

  /** The {@code status} map of a Velero resource (empty when it has none). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> status(GenericKubernetesResource r) {
    Object s = r == null ? null : r.getAdditionalProperties().get("status");
    return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** How long each start-up step took (ms): CRDs applied and Established, the objects, the server's validation. */
  public Map<String, Long> startupMillis() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(startupMillis));
  }

  public String namespace() {
    return namespace;
  }

  public KubeControlPlane controlPlane() {
    return cp;
  }

  public StorageLocation location() {
    return location;
  }

  /** A fabric8 client on this server's control plane (admin), closed with the server. */
  public KubernetesClient client() {
    return client;
  }

  public Path log() {
    return log;
  }

  public int metricsPort() {
    return metricsPort;
  }

  /** The Velero CLI's command for this server ({@code velero --kubeconfig K -n NS}); append e.g. {@code backup describe B}. */
  public List<String> cli() {
    return List.of(
        velero.velero().toString(),
        "--kubeconfig",
        cp.kubeconfigPath().toString(),
        "-n",
        namespace);
  }

  private String tail() {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      return "\n  " + String.join("\n  ", all.subList(Math.max(0, all.size() - 8), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TestBedException("interrupted while waiting for Velero");
    }
  }

  /** Stops the server and its plugin processes by PID (TERM, then KILL after 5 s); leaves its resources in the cluster. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (process != null) {
      List<ProcessHandle> children = process.descendants().toList();
      Watchdog.stop(process, 5);
      children.forEach(ProcessHandle::destroyForcibly);
    }
    if (watchdog != null) {
      watchdog.close();
    }
    client.close();
  }
}
