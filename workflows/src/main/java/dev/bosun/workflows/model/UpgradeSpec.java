package dev.bosun.workflows.model;

import java.time.Duration;
import java.util.List;

/**
 * How a rolling upgrade proceeds.
 *
 * @param maxUnavailable workers upgraded at once: a count ("2") or a percentage of the workers ("20%")
 * @param maxFailedNodes circuit breaker: stop (abort, compensating) after this many nodes failed; 0 = off
 * @param etcdSnapshot take and verify an etcd snapshot on the first control plane before any change
 * @param pauseBetweenBatches wait this long after each worker batch (0 = none)
 * @param operatorTimeout how long a node failure waits for retry/skip/abort before aborting
 * @param snapshotBeforeUpgrade snapshot each worker's VM (nodes with a {@code vm}, on a hypervisor that can) after its
 *     drain; a failed worker is restored to it instead of getting its packages reinstalled. Absent (old histories): false
 * @param windows the maintenance windows a node may start in ({@code upgrade.window}); null or empty: any time
 * @param ignoreWindow this run starts nodes outside the windows ({@code bosun upgrade --ignore-window})
 * @param certificateRenewal kubeadm upgrade renews the certificates it manages (its default); false passes
 *     {@code --certificate-renewal=false}, and then a certificate under 7 days blocks preflight. Absent (old
 *     histories, callers before it): true
 */
public record UpgradeSpec(
    String maxUnavailable,
    DrainOptions drain,
    OnNodeFailure onNodeFailure,
    ApprovalGate approval,
    int maxFailedNodes,
    boolean etcdSnapshot,
    Duration pauseBetweenBatches,
    Duration operatorTimeout,
    boolean snapshotBeforeUpgrade,
    List<MaintenanceWindow> windows,
    boolean ignoreWindow,
    Boolean certificateRenewal) {

  /** Without certificateRenewal (the signature before it): kubeadm's default, renewal on. */
  public UpgradeSpec(
      String maxUnavailable,
      DrainOptions drain,
      OnNodeFailure onNodeFailure,
      ApprovalGate approval,
      int maxFailedNodes,
      boolean etcdSnapshot,
      Duration pauseBetweenBatches,
      Duration operatorTimeout,
      boolean snapshotBeforeUpgrade,
      List<MaintenanceWindow> windows,
      boolean ignoreWindow) {
    this(
        maxUnavailable,
        drain,
        onNodeFailure,
        approval,
        maxFailedNodes,
        etcdSnapshot,
        pauseBetweenBatches,
        operatorTimeout,
        snapshotBeforeUpgrade,
        windows,
        ignoreWindow,
        null);
  }

  /** Without maintenance windows and certificateRenewal (the signature before them). */
  public UpgradeSpec(
      String maxUnavailable,
      DrainOptions drain,
      OnNodeFailure onNodeFailure,
      ApprovalGate approval,
      int maxFailedNodes,
      boolean etcdSnapshot,
      Duration pauseBetweenBatches,
      Duration operatorTimeout,
      boolean snapshotBeforeUpgrade) {
    this(
        maxUnavailable,
        drain,
        onNodeFailure,
        approval,
        maxFailedNodes,
        etcdSnapshot,
        pauseBetweenBatches,
        operatorTimeout,
        snapshotBeforeUpgrade,
        List.of(),
        false);
  }

  /** Without VM snapshots (the signature before {@code snapshotBeforeUpgrade}). */
  public UpgradeSpec(
      String maxUnavailable,
      DrainOptions drain,
      OnNodeFailure onNodeFailure,
      ApprovalGate approval,
      int maxFailedNodes,
      boolean etcdSnapshot,
      Duration pauseBetweenBatches,
      Duration operatorTimeout) {
    this(
        maxUnavailable,
        drain,
        onNodeFailure,
        approval,
        maxFailedNodes,
        etcdSnapshot,
        pauseBetweenBatches,
        operatorTimeout,
        false);
  }

  /** These options with {@code maxUnavailable} replaced (a command-line override). */
  public UpgradeSpec withMaxUnavailable(String maxUnavailable) {
    return new UpgradeSpec(
        maxUnavailable,
        drain,
        onNodeFailure,
        approval,
        maxFailedNodes,
        etcdSnapshot,
        pauseBetweenBatches,
        operatorTimeout,
        snapshotBeforeUpgrade,
        windows,
        ignoreWindow,
        certificateRenewal);
  }

  /** These options for a run that starts nodes outside the maintenance windows ({@code --ignore-window}). */
  public UpgradeSpec withIgnoreWindow(boolean ignore) {
    return new UpgradeSpec(
        maxUnavailable,
        drain,
        onNodeFailure,
        approval,
        maxFailedNodes,
        etcdSnapshot,
        pauseBetweenBatches,
        operatorTimeout,
        snapshotBeforeUpgrade,
        windows,
        ignore,
        certificateRenewal);
  }

  /** The maintenance windows, empty when none (null in histories written before them). */
  public List<MaintenanceWindow> windowsOrNone() {
    return windows == null ? List.of() : windows;
  }

  public static UpgradeSpec defaults() {
    return new UpgradeSpec(
        "1",
        DrainOptions.defaults(),
        OnNodeFailure.WAIT_FOR_OPERATOR,
        ApprovalGate.NONE,
        0,
        true,
        Duration.ZERO,
        Duration.ofHours(24),
        false,
        List.of(),
        false,
        true);
  }

  /** Whether kubeadm upgrade renews certificates: true unless the inventory says false. */
  public boolean certificateRenewalOrDefault() {
    return certificateRenewal == null || certificateRenewal;
  }

  /** How long a failed node waits for the operator: operatorTimeout, 24 hours when unset or 0. */
  public Duration operatorTimeoutOrDefault() {
    return operatorTimeout == null || operatorTimeout.isZero()
        ? Duration.ofHours(24)
        : operatorTimeout;
  }
}
