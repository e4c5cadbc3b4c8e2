package dev.bosun.workflows.upgrade;

/**
 * When a RollingUpgrade run continues as new: at a batch boundary, when the server suggests it or the
 * history passes a threshold that leaves room for one more batch under Temporal's limits. A 1,000-node
 * upgrade must keep every history under 10,000 events.
 */
public final class HistoryBudget {

  /** Continue as new past this many events (one more worker batch of 50 adds about 500). */
  public static final long DEFAULT_THRESHOLD = 7_000;

  private HistoryBudget() {}

  public static boolean continueAsNew(
      boolean suggested, long historyLength, long threshold, boolean moreBatches) {
    return moreBatches && (suggested || historyLength > threshold);
  }

  /** A threshold that also leaves room for the next batch: each node adds about 10 events to the parent. */
  public static long thresholdFor(int nextBatchSize) {
    return Math.max(1_000, Math.min(DEFAULT_THRESHOLD, 9_000 - 12L * nextBatchSize));
  }
}
