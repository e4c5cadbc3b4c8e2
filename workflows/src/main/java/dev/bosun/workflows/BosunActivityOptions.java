package dev.bosun.workflows;

import dev.bosun.workflows.activities.HypervisorErrors;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Activity options per kind of step. Every call adds its own summary ({@link #summarized}) so the UI
 * says what each activity did ("kubeadm upgrade apply v1.31.2 on cp-1").
 */
public final class BosunActivityOptions {

  /** The failure type of a package version the repository does not have (the activities raise it). */
  public static final String PACKAGE_NOT_FOUND = "PackageNotFound";

  /** Failure types the activities raise that a retry cannot fix. CommandFailed stays retryable (bounded). */
  public static final String[] NON_RETRYABLE = {
    "HostKeyMismatch", PACKAGE_NOT_FOUND, "UnsupportedPackageManager", "VersionSkew"
  };

  public static final RetryOptions BOUNDED_RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofSeconds(2))
      .setBackoffCoefficient(2.0)
      .setMaximumInterval(Duration.ofSeconds(30))
      .setMaximumAttempts(4)
      .setDoNotRetry(NON_RETRYABLE)
      .build();

  /** Reads and small writes: cluster state, cordon, host facts, repository, kubelet restart. */
  public static final ActivityOptions QUICK = base(Duration.ofMinutes(2), null);

  /**
   * How long a host step may go without a heartbeat. The SSH layer beats before each command and every
   * 2 s while one runs, so this only fires when the worker itself is gone.
   */
  public static final Duration HOST_HEARTBEAT = Duration.ofSeconds(30);

  /** apt-get install, kubeadm upgrade node, etcd snapshot. */
  public static final ActivityOptions HOST_STEP = base(Duration.ofMinutes(10), HOST_HEARTBEAT);

  /**
   * kubeadm upgrade apply: pulls images and rewrites every static pod. Two attempts only: the retry is
   * safe because the activity re-runs apply unless every control plane static pod is at the target.
   */
  public static final ActivityOptions KUBEADM_APPLY = ActivityOptions.newBuilder(
          base(Duration.ofMinutes(15), HOST_HEARTBEAT))
      .setRetryOptions(
          RetryOptions.newBuilder(BOUNDED_RETRY).setMaximumAttempts(2).build())
      .build();

  /** One eviction round (the round budget is far shorter; the rest is slack for waiting on deletes). */
  public static final ActivityOptions DRAIN_ROUND =
      base(Duration.ofMinutes(2), Duration.ofSeconds(30));

  /** Waiting for a node to come back Ready at the new version. */
  public static final ActivityOptions WAIT_READY =
      base(Duration.ofMinutes(11), Duration.ofSeconds(30));

  // ---- cluster init: hypervisors and bootstrap ----

  /**
   * Hypervisor failures a retry cannot fix: the tool refused, the VM is not this cluster's, UTM's automation
   * grant is missing, the host is unsuitable, no address came in time. {@code HypervisorUnreachable} stays retryable.
   */
  public static final String[] HYPERVISOR_NON_RETRYABLE = Stream.concat(
          Stream.of(NON_RETRYABLE),
          Stream.of(
              HypervisorErrors.TOOL_FAILED,
              HypervisorErrors.NOT_OURS,
              HypervisorErrors.UTM_AUTOMATION,
              HypervisorErrors.UNSUITABLE,
              HypervisorErrors.NO_ADDRESS,
              HypervisorErrors.NO_SNAPSHOTS))
      .toArray(String[]::new);

  /** Retries for an unreachable hypervisor host (an SSH hiccup, a Windows box waking up): longer and more patient. */
  public static final RetryOptions HYPERVISOR_RETRY = RetryOptions.newBuilder(BOUNDED_RETRY)
      .setMaximumInterval(Duration.ofMinutes(1))
      .setMaximumAttempts(5)
      .setDoNotRetry(HYPERVISOR_NON_RETRYABLE)
      .build();

  /** inspectHypervisor, listVms: read-only. */
  public static final ActivityOptions HYPERVISOR_QUICK = ActivityOptions.newBuilder(
          base(Duration.ofMinutes(2), null))
      .setRetryOptions(HYPERVISOR_RETRY)
      .build();

  /**
   * createVm (a clone or {@code vagrant up} can take many minutes), destroyVm and the VM snapshots (save, restore,
   * delete: a snapshot of a large disk takes a while). The tool's run heartbeats (over SSH and locally), so a worker
   * that dies mid-create is noticed within the heartbeat timeout, not after 30 minutes. Retrying is safe: an existing
   * VM with this cluster's marker is adopted, a gone one is destroyed.
   */
  public static final ActivityOptions VM_LIFECYCLE = ActivityOptions.newBuilder(
          base(Duration.ofMinutes(30), HOST_HEARTBEAT))
      .setRetryOptions(
          RetryOptions.newBuilder(HYPERVISOR_RETRY).setMaximumAttempts(3).build())
      .build();

  /** kubeadm init: pulls images and starts the control plane; check-then-act (skipped once initialised), so two attempts. */
  public static final ActivityOptions KUBEADM_INIT = ActivityOptions.newBuilder(
          base(Duration.ofMinutes(20), HOST_HEARTBEAT))
      .setRetryOptions(
          RetryOptions.newBuilder(BOUNDED_RETRY).setMaximumAttempts(2).build())
      .build();

  /**
   * Waiting (heartbeating) for a new VM's address or SSH: the activity's own {@code timeout} plus slack to say so.
   * {@code hypervisor}: the hypervisor's non-retryable types apply.
   */
  public static ActivityOptions waitingFor(Duration timeout, boolean hypervisor) {
    ActivityOptions.Builder b =
        ActivityOptions.newBuilder(base(timeout.plus(Duration.ofMinutes(2)), HOST_HEARTBEAT));
    if (hypervisor) {
      b.setRetryOptions(HYPERVISOR_RETRY);
    }
    return b.build();
  }

  private BosunActivityOptions() {}

  public static ActivityOptions summarized(ActivityOptions options, String summary) {
    return ActivityOptions.newBuilder(options).setSummary(summary).build();
  }

  private static ActivityOptions base(Duration startToClose, Duration heartbeat) {
    ActivityOptions.Builder b = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(BOUNDED_RETRY);
    if (heartbeat != null) {
      b.setHeartbeatTimeout(heartbeat);
    }
    return b.build();
  }
}
