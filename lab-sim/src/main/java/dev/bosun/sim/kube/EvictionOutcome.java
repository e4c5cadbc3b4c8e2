package dev.bosun.sim.kube;

/** What the eviction subresource answers: HTTP code, Status reason and message, and the DisruptionBudget cause. */
public record EvictionOutcome(int code, String reason, String message, String budgetCause) {

  static EvictionOutcome evicted() {
    return new EvictionOutcome(201, "", "", null);
  }

  static EvictionOutcome notFound() {
    return new EvictionOutcome(404, "NotFound", null, null);
  }

  static EvictionOutcome tooManyRequests(String cause) {
    return new EvictionOutcome(
        429,
        "TooManyRequests",
        "Cannot evict pod as it would violate the pod's disruption budget.",
        cause);
  }

  static EvictionOutcome internalError(String message) {
    return new EvictionOutcome(500, "InternalError", message, null);
  }
}
