package dev.bosun.workflows.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a rolling upgrade stops for an operator's {@code bosun approve}. */
public enum ApprovalGate {
  NONE("none"),
  BEFORE_WORKERS("before-workers"),
  BEFORE_EACH_BATCH("before-each-batch");

  private final String label;

  ApprovalGate(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  @JsonCreator
  public static ApprovalGate fromLabel(String label) {
    for (ApprovalGate v : values()) {
      if (v.label.equals(label)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "approval must be none, before-workers or before-each-batch, got '" + label + "'");
  }

  @Override
  public String toString() {
    return label;
  }
}
