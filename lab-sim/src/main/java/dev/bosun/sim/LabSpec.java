package dev.bosun.sim;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What lab to build.
 *
 * @param commandLatency added to every command (benchmarks); zero for none
 * @param notReadyWindow how long a node stays NotReady after its kubelet restarts
 * @param appReplicasPerWorker replicas of the "app" Deployment per worker
 * @param faultsYaml optional path of a fault spec (docs/lab-sim.md), null for none
 * @param api which Kubernetes API the lab serves: lab-sim's own simulation, or a real control plane (the test bed)
 * @param podReadyDelay on the real backend, how long a new pod takes to become Ready (so that a budget really holds)
 * @param hypervisors a lab for {@code bosun init}: it starts hypervisor hosts only (a Linux box with Vagrant, a Windows
 *     10 Pro box with Hyper-V, a Mac with UTM) and no node; controlPlanes and workers size the inventory it writes,
 *     whose VMs become hosts when a hypervisor creates them
 * @param sudoers optional sudoers file (sudoers(5) syntax, e.g. deploy/sudoers.d/bosun) that the hosts' {@code sudo}
 *     enforces for the lab's user; null = every command allowed. Default: the system property {@value
 *     #SUDOERS_PROPERTY}, which the build sets so that every test lab runs under the documented allow-list
 */
public record LabSpec(
    String cluster,
    int controlPlanes,
    int workers,
    String version,
    Path workDir,
    Duration commandLatency,
    Duration notReadyWindow,
    int appReplicasPerWorker,
    String faultsYaml,
    ApiBackend api,
    Duration podReadyDelay,
    boolean hypervisors,
    Path sudoers,
    String veleroBucket) {

  /** The sudoers file every lab enforces unless told otherwise (set by the build for the tests). */
  public static final String SUDOERS_PROPERTY = "bosun.lab.sudoers";

  /** The lab's Kubernetes API: {@code sim} (lab-sim's own, Java only) or {@code real} (kube-apiserver and friends, see testbed/). */
  public enum ApiBackend {
    SIM,
    REAL;

    /** "sim" or "real", as the command line spells it. */
    public static ApiBackend parse(String s) {
      for (ApiBackend b : values()) {
        if (b.name().equalsIgnoreCase(s)) {
          return b;
        }
      }
      throw new IllegalArgumentException("api must be 'sim' or 'real', got '" + s + "'");
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public LabSpec {
    if (cluster == null || !cluster.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "cluster must be an RFC 1123 label, got '" + cluster + "'");
    }
    if (controlPlanes < 1 || controlPlanes > 250) {
      throw new IllegalArgumentException(
          "controlPlanes must be between 1 and 250, got " + controlPlanes);
    }
    if (workers < 0 || workers > 60_000) {
      throw new IllegalArgumentException("workers must be between 0 and 60000, got " + workers);
    }
    if (version == null || !version.matches("v\\d+\\.\\d+\\.\\d+")) {
      throw new IllegalArgumentException(
          "version must be vMAJOR.MINOR.PATCH (e.g. v1.30.6), got '" + version + "'");
    }
    if (workDir == null) {
      throw new IllegalArgumentException("workDir is required");
    }
    commandLatency = commandLatency == null ? Duration.ZERO : commandLatency;
    notReadyWindow = notReadyWindow == null ? Duration.ofSeconds(2) : notReadyWindow;
    if (commandLatency.isNegative() || notReadyWindow.isNegative()) {
      throw new IllegalArgumentException("commandLatency and notReadyWindow must not be negative");
    }
    api = api == null ? ApiBackend.SIM : api;
    podReadyDelay = podReadyDelay == null ? Duration.ofMillis(300) : podReadyDelay;
    if (podReadyDelay.isNegative()) {
      throw new IllegalArgumentException("podReadyDelay must not be negative");
    }
    if (appReplicasPerWorker < 0) {
      throw new IllegalArgumentException(
          "appReplicasPerWorker must be >= 0, got " + appReplicasPerWorker);
    }
  }

  public static LabSpec of(String cluster, int cps, int workers, String version, Path workDir) {
    return new LabSpec(
        cluster,
        cps,
        workers,
        version,
        workDir,
        Duration.ZERO,
        Duration.ofSeconds(2),
        2,
        null,
        ApiBackend.SIM,
        null,
        false,
        defaultSudoers(),
        null);
  }

  /** A lab for {@code bosun init}: hypervisor hosts, no node yet (see {@link #hypervisors()}). */
  public static LabSpec forInit(
      String cluster, int cps, int workers, String version, Path workDir) {
    return of(cluster, cps, workers, version, workDir).copy(f -> f.hypervisors = true);
  }

  public LabSpec withNotReadyWindow(Duration d) {
    return copy(f -> f.notReadyWindow = d);
  }

  public LabSpec withCommandLatency(Duration d) {
    return copy(f -> f.commandLatency = d);
  }

  public LabSpec withFaultsYaml(String path) {
    return copy(f -> f.faultsYaml = path);
  }

  public LabSpec withAppReplicasPerWorker(int n) {
    return copy(f -> f.appReplicasPerWorker = n);
  }

  public LabSpec withApi(ApiBackend backend) {
    return copy(f -> f.api = backend);
  }

  public LabSpec withPodReadyDelay(Duration d) {
    return copy(f -> f.podReadyDelay = d);
  }

  /** The hosts' sudo enforces this sudoers file; null lets the lab's user run anything. */
  public LabSpec withSudoers(Path file) {
    return copy(f -> f.sudoers = file);
  }

  /**
   * Velero pre-installed in namespace {@code velero} (sim backend), its location {@code default} on this lab's
   * object storage, bucket {@code bucket} ({@code <workDir>/s3/<bucket>}, created); null: no Velero.
   */
  public LabSpec withVelero(String bucket) {
    if (bucket != null && !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "veleroBucket: '" + bucket + "' is not an S3 bucket name (3-63 of a-z, 0-9, '.', '-')");
    }
    return copy(f -> f.veleroBucket = bucket);
  }

  private static Path defaultSudoers() {
    String p = System.getProperty(SUDOERS_PROPERTY);
    return p == null || p.isBlank() ? null : Path.of(p);
  }

  private LabSpec copy(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return f.build();
  }

  /** The record's fields, mutable for one copy: every {@code with*} changes one of them. */
  private static final class Fields {
    String cluster;
    int controlPlanes;
    int workers;
    String version;
    Path workDir;
    Duration commandLatency;
    Duration notReadyWindow;
    int appReplicasPerWorker;
    String faultsYaml;
    ApiBackend api;
    Duration podReadyDelay;
    boolean hypervisors;
    Path sudoers;
    String veleroBucket;

    Fields(LabSpec s) {
      cluster = s.cluster;
      controlPlanes = s.controlPlanes;
      workers = s.workers;
      version = s.version;
      workDir = s.workDir;
      commandLatency = s.commandLatency;
      notReadyWindow = s.notReadyWindow;
      appReplicasPerWorker = s.appReplicasPerWorker;
      faultsYaml = s.faultsYaml;
      api = s.api;
      podReadyDelay = s.podReadyDelay;
      hypervisors = s.hypervisors;
      sudoers = s.sudoers;
      veleroBucket = s.veleroBucket;
    }

    LabSpec build() {
      return new LabSpec(
          cluster,
          controlPlanes,
          workers,
          version,
          workDir,
          commandLatency,
          notReadyWindow,
          appReplicasPerWorker,
          faultsYaml,
          api,
          podReadyDelay,
          hypervisors,
          sudoers,
          veleroBucket);
    }
  }
}
