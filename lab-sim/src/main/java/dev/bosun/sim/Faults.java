package dev.bosun.sim;

import dev.bosun.sim.shell.CommandInterceptor;
import dev.bosun.sim.shell.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Fault injection, programmatic or from YAML (docs/lab-sim.md). Command faults match a host (null: any) and
 * a simple command (after sudo and VAR= prefixes) by prefix or, written /regex/, by regular expression.
 */
public final class Faults implements CommandInterceptor {

  /** What the SSH server must do for host-level faults. */
  interface SshHooks {
    void refuse(String host, boolean refuse) throws IOException;

    void changeHostKey(String host, boolean changed);
  }

  private enum Kind {
    FAIL,
    HANG,
    DROP,
    DROP_MID_OUTPUT
  }

  private static final class CommandFault {
    final Kind kind;
    final String host;
    final String prefix;
    final Pattern regex;
    final int run;
    final int exitCode;
    final String stdout;
    final String stderr;
    final long hangUntil;
    final AtomicInteger seen = new AtomicInteger();

    CommandFault(
        Kind kind,
        String host,
        String command,
        int run,
        int exitCode,
        String stdout,
        String stderr,
        long hangUntil) {
      if (command == null || command.isBlank()) {
        throw new IllegalArgumentException(
            "fault command must be a command prefix or /regex/, got nothing");
      }
      this.kind = kind;
      this.host = host;
      boolean isRegex = command.length() > 2 && command.startsWith("/") && command.endsWith("/");
      this.prefix = isRegex ? null : command;
      this.regex = isRegex ? Pattern.compile(command.substring(1, command.length() - 1)) : null;
      this.run = run;
      this.exitCode = exitCode;
      this.stdout = stdout == null ? "" : stdout;
      this.stderr =
          stderr == null ? "" : stderr.endsWith("\n") || stderr.isEmpty() ? stderr : stderr + "\n";
      this.hangUntil = hangUntil;
    }

    boolean matches(String h, String command) {
      return (host == null || host.equals(h))
          && (prefix != null
              ? command.startsWith(prefix)
              : regex.matcher(command).find());
    }
  }

  private final List<CommandFault> commandFaults = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private final List<String> changedKeys = new ArrayList<>();
  private final List<String> noEtcdClient = new ArrayList<>();
  private final List<String[]> blockedPdbs = new ArrayList<>();
  private final LabState state;
  private final SshHooks ssh;
  private volatile Duration latency = Duration.ZERO;
  private final Object hangs = new Object();
  private long generation;

  Faults(LabState state, SshHooks ssh, Duration baseLatency) {
    this.state = state;
    this.ssh = ssh;
    this.latency = baseLatency;
  }

  /** Fails the {@code run}-th matching command (1 = the first; 0 = every one) with this exit code and stderr. */
  public synchronized Faults failRun(
      String host, String command, int run, int exitCode, String stderr) {
    if (run < 0) {
      throw new IllegalArgumentException("failRun must be >= 0 (0 = every run), got " + run);
    }
    commandFaults.add(new CommandFault(Kind.FAIL, host, command, run, exitCode, "", stderr, 0));
    return this;
  }

  /** Hangs matching commands for {@code duration} (null: until {@link #clear()}), then runs them. */
  public synchronized Faults hang(String host, String command, Duration duration) {
    long until =
        duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + duration.toMillis();
    commandFaults.add(new CommandFault(Kind.HANG, host, command, 0, 0, "", "", until));
    return this;
  }

  /** Drops the SSH connection while the {@code run}-th matching command runs (0 = every one). */
  public synchronized Faults dropConnection(String host, String command, int run) {
    commandFaults.add(new CommandFault(Kind.DROP, host, command, run, 0, "", "", 0));
    return this;
  }

  /**
   * Runs the {@code run}-th matching command (0 = every one), sends the first half of its stdout, then
   * drops the SSH connection: a drop after output was already on the wire.
   */
  public synchronized Faults dropConnectionMidOutput(String host, String command, int run) {
    commandFaults.add(new CommandFault(Kind.DROP_MID_OUTPUT, host, command, run, 0, "", "", 0));
    return this;
  }

  /** Refuses TCP connections to the host's SSH address (connection refused), until cleared. */
  public Faults refuseSsh(String host) throws IOException {
    state.host(host);
    ssh.refuse(host, true);
    synchronized (this) {
      refused.add(host);
    }
    return this;
  }

  /** The host presents a different host key from the one in known_hosts (a MITM or a rebuilt VM). */
  public Faults changeHostKey(String host) {
    state.host(host);
    ssh.changeHostKey(host, true);
    synchronized (this) {
      changedKeys.add(host);
    }
    return this;
  }

  /** After its next kubelet restart the node never becomes Ready. */
  public Faults neverReadyAfterRestart(String host) {
    state.host(host);
    state.neverReadyAfterRestart(host, true);
    return this;
  }

  /** The PDB allows no disruption, whatever its pods' health. */
  public Faults blockPdb(String namespace, String name) {
    synchronized (state.lock()) {
      state.cluster().blockPdb(namespace, name, true);
    }
    synchronized (this) {
      blockedPdbs.add(new String[] {namespace, name});
    }
    return this;
  }

  /** The hypervisor host's tool fails to create VMs with its real error (libvirt, Hyper-V's New-VM, utmctl clone). */
  public Faults failVmCreation(String hypervisorHost) {
    state.host(hypervisorHost);
    synchronized (state.lock()) {
      state.hypervisors().failCreate(hypervisorHost, true);
    }
    return this;
  }

  /** VMs on the hypervisor host are created and run, but the hypervisor never reports their address. */
  public Faults noVmAddress(String hypervisorHost) {
    state.host(hypervisorHost);
    synchronized (state.lock()) {
      state.hypervisors().noAddress(hypervisorHost, true);
    }
    return this;
  }

  /** utmctl's Apple Events are refused (OSStatus -1743: no GUI login or no Automation grant); it still exits 0. */
  public Faults utmAutomationDenied(String hypervisorHost) {
    state.host(hypervisorHost);
    synchronized (state.lock()) {
      state.hypervisors().automationDenied(hypervisorHost, true);
    }
    return this;
  }

  /** A fixed delay before every command (benchmarks). */
  public Faults latency(Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("latency must be a non-negative duration, got " + d);
    }
    this.latency = d;
    return this;
  }

  public Duration latency() {
    return latency;
  }

  /**
   * Removes etcdctl and etcdutl from the host, as on many real kubeadm hosts (etcd runs in a static pod):
   * they answer {@code command not found} (127) until {@link #clear()}.
   */
  public Faults withoutEtcdClient(String host) {
    synchronized (state.lock()) {
      state.host(host).etcdClientInstalled(false);
    }
    synchronized (this) {
      noEtcdClient.add(host);
    }
    return this;
  }

  /**
   * The etcd member of control plane {@code host} stops answering until {@link #clear()}: {@code etcdctl endpoint
   * health --cluster} reports it unhealthy ("context deadline exceeded", exit 1) and etcdctl on that host cannot
   * reach its local member. Its kubelet and the lab's API are left as they are.
   */
  public Faults etcdMemberDown(String host) {
    synchronized (state.lock()) {
      state.host(host); // fails for an unknown host
      state.etcdMembersDown().add(host);
    }
    return this;
  }

  /**
   * Backups by the sim's Velero end {@code PartiallyFailed} (an item's error in the results, {@code errors: 1}) or
   * {@code Failed} (the tarball's upload refused: a {@code failureReason}) until {@link #clear()}; sim backend only.
   */
  public Faults veleroBackup(String phase) {
    if (!phase.equals("PartiallyFailed") && !phase.equals("Failed")) {
      throw new IllegalArgumentException(
          "veleroBackup must be PartiallyFailed or Failed, got '" + phase + "'");
    }
    state.veleroBackupFault(phase);
    return this;
  }

  /** The host's {@code kubeadm join} fails preflight (exit 2, {@code [ERROR Port-10250]}) until {@link #clear()}. */
  public Faults failJoin(String host) {
    synchronized (state.lock()) {
      // a host that does not exist yet is fine: a lab for init arms it before the VM is created
      state.joinFails().add(host);
    }
    return this;
  }

  /**
   * The uploaded certificates expire now, as 2 hours after their upload: control-plane joins with the current key fail
   * ({@code Secret "kubeadm-certs" was not found}) until a new {@code kubeadm init phase upload-certs --upload-certs}.
   */
  public Faults expireCertificateKey() {
    synchronized (state.lock()) {
      state
          .uploadedCertificateKeys()
          .keySet()
          .forEach(k -> state.expiries().put(k, state.now() - 1));
    }
    return this;
  }

  /**
   * The host's next {@code kubeadm upgrade apply/node} rewrites /var/lib/kubelet/config.yaml from the cluster's
   * kubelet-config ConfigMap, losing the node's local settings ({@code maxPods}, {@code systemReserved}), as kubeadm
   * 1.30.0 did (kubeadm#3049); once, and until {@link #clear()}.
   */
  public Faults loseKubeletSettings(String host) {
    synchronized (state.lock()) {
      state.host(host);
      state.kubeletSettingsLost().add(host);
    }
    return this;
  }

  /**
   * The control plane's leaf certificates (apiserver, the kubeconfigs, etcd's...) expire {@code left} from now in lab
   * time, as if issued 365 days minus {@code left} ago; {@code kubeadm certs renew all} or an upgrade that renews
   * fixes it ({@link #clear()} does not: certificates stay what they are).
   */
  public Faults certificatesExpireIn(String host, Duration left) {
    synchronized (state.lock()) {
      dev.bosun.sim.host.HostState h = state.host(host);
      if (h.kubeadmRole() != dev.bosun.sim.host.KubeadmRole.CONTROL_PLANE) {
        throw new IllegalArgumentException("certificatesExpireIn: " + host
            + " is not a control plane (only they have kubeadm's certificates)");
      }
      dev.bosun.sim.programs.Programs.expireCertificatesIn(state, h, left);
    }
    return this;
  }

  /**
   * etcd release tarballs are served cut short until {@link #clear()}: their SHA-256 is no longer the one the
   * release's SHA256SUMS lists (a broken download, or a mirror serving something else).
   */
  public Faults corruptEtcdRelease() {
    state.etcdReleaseCorrupt(true);
    return this;
  }

  /**
   * Bit rot in an off-host copy under {@code path} on {@code host} (what lab-sim's rclone wrote there): the newest
   * verified copy now, or else the next one rclone verifies, gets one byte of Velero's tarball flipped (the drill's
   * {@code corrupt-copy} negative control). {@code lab.state().corruptedCopies()} lists what was corrupted.
   */
  public Faults corruptCopy(String host, String path) {
    synchronized (state.lock()) {
      state.host(host);
      dev.bosun.sim.programs.rclone.CopyCorruption.arm(state, host, path);
    }
    return this;
  }

  /** Removes every fault: hung commands resume, refused hosts accept, host keys revert, nodes and PDBs heal. */
  public void clear() {
    List<String> unrefuse;
    List<String> unchange;
    List<String> reinstall;
    synchronized (this) {
      commandFaults.clear();
      unrefuse = List.copyOf(refused);
      unchange = List.copyOf(changedKeys);
      refused.clear();
      changedKeys.clear();
      reinstall = List.copyOf(noEtcdClient);
      noEtcdClient.clear();
      blockedPdbs.clear();
      latency = Duration.ZERO;
    }
    synchronized (state.lock()) {
      state.joinFails().clear();
      state.etcdMembersDown().clear();
      state.kubeletSettingsLost().clear();
      state.corruptCopyArmed().clear();
      state.veleroBackupFault(null);
      state.etcdReleaseCorrupt(false);
    }
    for (String h : unrefuse) {
      try {
        ssh.refuse(h, false);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("could not re-open SSH on " + h, e);
      }
    }
    unchange.forEach(h -> ssh.changeHostKey(h, false));
    state.clearNeverReady();
    synchronized (state.lock()) {
      state.cluster().clearPdbBlocks();
      reinstall.forEach(h -> state.host(h).etcdClientInstalled(true));
      state.hypervisors().clearFaults();
    }
    synchronized (hangs) {
      generation++;
      hangs.notifyAll();
    }
  }

  @Override
  public Result before(String host, String command) throws InterruptedException {
    List<CommandFault> hits;
    synchronized (this) {
      hits = commandFaults.stream().filter(f -> f.matches(host, command)).toList();
    }
    for (CommandFault f : hits) {
      if (f.kind == Kind.DROP_MID_OUTPUT) {
        continue; // counted in after()
      }
      int n = f.seen.incrementAndGet();
      switch (f.kind) {
        case HANG -> awaitRelease(f.hangUntil);
        case FAIL -> {
          if (f.run == 0 || f.run == n) {
            return new Result(f.exitCode, f.stdout, f.stderr);
          }
        }
        case DROP -> {
          if (f.run == 0 || f.run == n) {
            throw new DroppedConnection(host, command);
          }
        }
        case DROP_MID_OUTPUT -> {}
      }
    }
    return null;
  }

  @Override
  public Result after(String host, String command, Result result) {
    List<CommandFault> hits;
    synchronized (this) {
      hits = commandFaults.stream()
          .filter(f -> f.kind == Kind.DROP_MID_OUTPUT && f.matches(host, command))
          .toList();
    }
    for (CommandFault f : hits) {
      int n = f.seen.incrementAndGet();
      if (f.run == 0 || f.run == n) {
        throw new DroppedConnection(
            host, command, result.stdout().substring(0, result.stdout().length() / 2));
      }
    }
    return result;
  }

  private void awaitRelease(long until) throws InterruptedException {
    synchronized (hangs) {
      long gen = generation;
      while (gen == generation) {
        long left = until == Long.MAX_VALUE ? 0 : until - System.currentTimeMillis();
        if (until != Long.MAX_VALUE && left <= 0) {
          return;
        }
        hangs.wait(left);
      }
    }
  }

  /** Loads a fault spec: {@code faults: [ {host, command, failRun, exitCode, stderr} | {hang, ...} | ... ]}. */
  public void load(Path yaml) throws IOException {
    FaultsFile.load(this, yaml);
  }
}
