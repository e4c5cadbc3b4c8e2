package dev.bosun.workflows.upgrade;

/** The operator's (or the policy's) answer to a failed node. */
public enum NodeDecision {
  RETRY,
  SKIP,
  ABORT,
  /** Config drift: take the node's configuration as it is now and run the step again. */
  ACCEPT_DRIFT,
  /** Config drift: put the changed files back from the copy taken before the upgrade, then run the step again. */
  RESTORE_CONFIG;

  /** retry's answers to a config drift (the update's second argument). */
  public static final String DRIFT_ACCEPT = "accept";

  public static final String DRIFT_RESTORE = "restore";

  /** retry's decision: a plain retry, or, for a drift, accept or restore (validated before). */
  static NodeDecision forRetry(String drift) {
    if (drift == null || drift.isEmpty()) {
      return RETRY;
    }
    return drift.equals(DRIFT_ACCEPT) ? ACCEPT_DRIFT : RESTORE_CONFIG;
  }

  /** Runs the failed step again (after accepting or restoring, for a drift). */
  public boolean retries() {
    return this == RETRY || this == ACCEPT_DRIFT || this == RESTORE_CONFIG;
  }
}
