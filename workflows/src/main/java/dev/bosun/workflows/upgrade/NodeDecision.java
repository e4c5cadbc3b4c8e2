package dev.bosun.workflows.upgrade;

/** The operator's (or the policy's) answer to a failed node. */
public enum NodeDecision {
  RETRY,
  SKIP,
  ABORT
}
