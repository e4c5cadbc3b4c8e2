package dev.bosun.workflows;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels.Labelled;

/** Values of BosunPhase, as shown in the UI and by {@code bosun status}; the label is what travels. */
public enum Phase implements Labelled {
  PREFLIGHT("Preflight"),
  SNAPSHOT("EtcdSnapshot"),
  CONTROL_PLANES("ControlPlanes"),
  WORKERS("Workers"),
  /** A minor-version chain runs its hops, one child RollingUpgrade each (the running hop has its own phase). */
  HOPS("Hops"),
  AWAITING_APPROVAL("AwaitingApproval"),
  AWAITING_OPERATOR("AwaitingOperator"),
  PAUSED("Paused"),
  WAITING_FOR_WINDOW("WaitingForWindow"),
  DRAINING("Draining"),
  COMPENSATING("Compensating"),
  COMPLETED("Completed"),
  FAILED("Failed"),
  ABORTED("Aborted");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  /** Completed, Failed or Aborted: the operation has ended. */
  public boolean ended() {
    return this == COMPLETED || this == FAILED || this == ABORTED;
  }

  @JsonValue
  @Override
  public String toString() {
    return label;
  }
}
