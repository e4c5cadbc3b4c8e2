package dev.bosun.workflows.model;

import java.time.Duration;

/**
 * How a rolling upgrade proceeds.
 *
 * @param maxUnavailable workers upgraded at once: a count ("2") or a percentage of the workers ("20%")
 * @param maxFailedNodes circuit breaker: stop (abort, compensating) after this many nodes failed; 0 = off
 * @param etcdSnapshot take and verify an etcd snapshot on the first control plane before any change
 * @param pauseBetweenBatches wait this long after each worker batch (0 = none)
 * @param operatorTimeout how long a node failure waits for retry/skip/abort before aborting
 */
public record UpgradeSpec(
    String maxUnavailable,
    DrainOptions drain,
    OnNodeFailure onNodeFailure,
    ApprovalGate approval,
    int maxFailedNodes,
    boolean etcdSnapshot,
    Duration pauseBetweenBatches,
    Duration operatorTimeout) {

  public static UpgradeSpec defaults() {
    return new UpgradeSpec(
        "1",
        DrainOptions.defaults(),
        OnNodeFailure.WAIT_FOR_OPERATOR,
        ApprovalGate.NONE,
        0,
        true,
        Duration.ZERO,
        Duration.ofHours(24));
  }

  /** How long a failed node waits for the operator: operatorTimeout, 24 hours when unset or 0. */
  public Duration operatorTimeoutOrDefault() {
    return operatorTimeout == null || operatorTimeout.isZero() ? Duration.ofHours(24) : operatorTimeout;
  }
}
