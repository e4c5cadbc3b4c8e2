package dev.bosun.workflows.upgrade;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;

/**
 * Where a node stands in a rolling upgrade: while it runs (the rows of the live view) and at the end (the
 * report). The JSON and the rows carry the label: upgraded, rolled-back, awaiting-operator, …
 */
public enum NodeStatus implements Labelled {
  PENDING,
  RUNNING,
  /** Failed at a step; its child waits for retry, skip or abort. */
  AWAITING_OPERATOR,
  COMPENSATING,
  /** The upgrade was cancelled while the node ran; its child compensated it. */
  CANCELLED,
  UPGRADED,
  ALREADY_AT_TARGET,
  SKIPPED,
  FAILED,
  /** Failed, then compensated: uncordoned, a worker's packages put back. */
  ROLLED_BACK,
  NOT_STARTED;

  /** Runs the target: upgraded, or was already there. */
  public boolean atTarget() {
    return this == UPGRADED || this == ALREADY_AT_TARGET;
  }

  /** Not at the target because of a failure: skipped, rolled back or failed. */
  public boolean isFailure() {
    return this == FAILED || this == ROLLED_BACK || this == SKIPPED;
  }

  /** Its node workflow is still working on it (no end time yet). */
  public boolean inFlight() {
    return this == RUNNING || this == AWAITING_OPERATOR || this == COMPENSATING;
  }

  @JsonValue
  @Override
  public String toString() {
    return Labels.of(this);
  }
}
