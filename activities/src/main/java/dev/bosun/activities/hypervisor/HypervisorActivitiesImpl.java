package dev.bosun.activities.hypervisor;

import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.activities.hypervisor.HypervisorDriver.SnapshotOp;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.HypervisorActivities;
import dev.bosun.workflows.activities.HypervisorErrors;
import dev.bosun.workflows.activities.HypervisorFacts;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.activities.VmRequest;
import dev.bosun.workflows.model.HypervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HypervisorActivities}: picks the driver by the hypervisor's kind and the host to run it on (over SSH, or
 * this machine for {@code host: local}); validates every name before a command is built.
 */
public final class HypervisorActivitiesImpl implements HypervisorActivities {

  private static final Logger log = LoggerFactory.getLogger(HypervisorActivitiesImpl.class);
  /** Between two address polls: long enough not to hammer the hypervisor, short next to a VM's boot. */
  static final Duration POLL_EVERY = Duration.ofSeconds(2);

  private static final Duration LOCAL_TIMEOUT = Duration.ofMinutes(30);

  private final SshPool ssh;
  private final Duration pollEvery;
  private final Map<String, HypervisorDriver> drivers = Map.of(
      HypervisorSpec.VAGRANT,
      new VagrantDriver(),
      HypervisorSpec.HYPERV,
      new HyperVDriver(),
      HypervisorSpec.UTM,
      new UtmDriver());

  public HypervisorActivitiesImpl(SshPool ssh) {
    this(ssh, POLL_EVERY);
  }

  /** @param pollEvery how often waitForAddress asks (tests poll faster) */
  public HypervisorActivitiesImpl(SshPool ssh, Duration pollEvery) {
    this.ssh = ssh;
    this.pollEvery = pollEvery;
  }

  @Override
  public HypervisorFacts inspectHypervisor(HypervisorTarget hypervisor) {
    return driver(hypervisor).inspect(hypervisor, host(hypervisor));
  }

  @Override
  public VmInfo createVm(HypervisorTarget hypervisor, VmRequest vm) {
    VmFailures.vmName(hypervisor.cluster(), vm.node());
    if (vm.cpus() < 1 || vm.memoryMiB() < 256 || vm.diskGiB() < 0) {
      throw Failures.nonRetryable(
          Failures.INVALID_INPUT,
          vm.node() + ": a VM needs cpus >= 1, memory >= 256 MiB and disk >= 0, got " + vm.cpus()
              + " cpus, " + vm.memoryMiB() + " MiB, " + vm.diskGiB() + " GiB");
    }
    VmInfo info = driver(hypervisor).create(hypervisor, host(hypervisor), vm);
    log.info(
        "{}: {} on {} ({})",
        vm.node(),
        info.adopted() ? "adopted" : "created",
        hypervisor.name(),
        info.vmName());
    return info;
  }

  @Override
  public VmInfo waitForAddress(HypervisorTarget hypervisor, String node, Duration timeout) {
    HypervisorDriver driver = driver(hypervisor);
    Heartbeat heartbeat = Heartbeat.current();
    HypervisorHost host =
        host(hypervisor, Heartbeat.NONE); // this loop says what it waits for, not each command
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      VmInfo vm = driver.poll(hypervisor, host, node);
      if (vm.address() != null) {
        return vm;
      }
      heartbeat.beat(
          vm.vmName() + " is " + vm.state() + ", waiting for it to report an IPv4 address");
      if (System.nanoTime() >= deadline) {
        throw Failures.nonRetryable(
            HypervisorErrors.NO_ADDRESS,
            vm.vmName() + " (" + vm.state() + ") reported no IPv4 address within "
                + timeout.toSeconds() + "s: " + noAddressHint(hypervisor.spec().kind()));
      }
      try {
        Thread.sleep(Math.min(
            pollEvery.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Failures.retryable(
            HypervisorErrors.NO_ADDRESS,
            vm.vmName() + ": interrupted while waiting for its address");
      }
    }
  }

  @Override
  public StepOutcome startVm(HypervisorTarget hypervisor, String node) {
    return driver(hypervisor).start(hypervisor, host(hypervisor), node);
  }

  @Override
  public StepOutcome stopVm(HypervisorTarget hypervisor, String node) {
    return driver(hypervisor).stop(hypervisor, host(hypervisor), node);
  }

  @Override
  public StepOutcome saveSnapshot(HypervisorTarget hypervisor, String node, String snapshot) {
    return snapshot(hypervisor, node, SnapshotOp.SAVE, snapshot);
  }

  @Override
  public StepOutcome restoreSnapshot(HypervisorTarget hypervisor, String node, String snapshot) {
    return snapshot(hypervisor, node, SnapshotOp.RESTORE, snapshot);
  }

  @Override
  public StepOutcome deleteSnapshot(HypervisorTarget hypervisor, String node, String snapshot) {
    return snapshot(hypervisor, node, SnapshotOp.DELETE, snapshot);
  }

  @Override
  public StepOutcome destroyVm(HypervisorTarget hypervisor, String node) {
    return driver(hypervisor).destroy(hypervisor, host(hypervisor), node);
  }

  @Override
  public List<VmInfo> listVms(HypervisorTarget hypervisor) {
    VmFailures.requireLabel("cluster", hypervisor.cluster());
    return driver(hypervisor).list(hypervisor, host(hypervisor));
  }

  private StepOutcome snapshot(
      HypervisorTarget hypervisor, String node, SnapshotOp op, String snapshot) {
    VmFailures.requireSnapshot(snapshot);
    return driver(hypervisor).snapshot(hypervisor, host(hypervisor), node, op, snapshot);
  }

  private HypervisorDriver driver(HypervisorTarget t) {
    String kind = t.spec() == null ? null : t.spec().kind();
    HypervisorDriver d = kind == null ? null : drivers.get(kind);
    if (d == null) {
      throw Failures.nonRetryable(
          Failures.INVALID_INPUT,
          "hypervisor " + t.name() + ": kind must be vagrant, hyperv or utm to manage VMs, got '"
              + kind + "'");
    }
    return d;
  }

  private HypervisorHost host(HypervisorTarget t) {
    return host(t, HypervisorHost.readable(Heartbeat.current()));
  }

  private HypervisorHost host(HypervisorTarget t, Heartbeat heartbeat) {
    return t.local()
        ? HypervisorHost.local(LOCAL_TIMEOUT, heartbeat)
        : HypervisorHost.over(ssh, t.ssh(), heartbeat);
  }

  private static String noAddressHint(String kind) {
    return switch (kind) {
      case HypervisorSpec.HYPERV ->
        "Hyper-V learns addresses from the guest's integration services (hv_kvp_daemon); check the guest"
            + " has them and that the switch hands out addresses";
      case HypervisorSpec.UTM -> "utmctl ip-address needs the QEMU guest agent running in the VM";
      default -> "the provider never learned the machine's address (DHCP on its network?)";
    };
  }
}
