package dev.bosun.workflows.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a rolling upgrade does when a node fails. */
public enum OnNodeFailure {
  /** Stop in AwaitingOperator until retry / skip / abort (or operatorTimeout, then abort). */
  WAIT_FOR_OPERATOR("wait-for-operator"),
  /** Compensate and end the upgrade. */
  ABORT("abort"),
  /** Compensate that node and carry on with the others. */
  SKIP("skip");

  private final String label;

  OnNodeFailure(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  @JsonCreator
  public static OnNodeFailure fromLabel(String label) {
    for (OnNodeFailure v : values()) {
      if (v.label.equals(label)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "onNodeFailure must be wait-for-operator, abort or skip, got '" + label + "'");
  }

  @Override
  public String toString() {
    return label;
  }
}
