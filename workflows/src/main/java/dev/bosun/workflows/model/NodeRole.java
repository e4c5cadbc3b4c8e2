package dev.bosun.workflows.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The two kubeadm node roles, spelled as kubeadm and kubectl spell them. */
public enum NodeRole {
  CONTROL_PLANE("control-plane"),
  WORKER("worker");

  private final String label;

  NodeRole(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  @JsonCreator
  public static NodeRole fromLabel(String label) {
    for (NodeRole r : values()) {
      if (r.label.equals(label)) {
        return r;
      }
    }
    throw new IllegalArgumentException("role must be control-plane or worker, got '" + label + "'");
  }

  @Override
  public String toString() {
    return label;
  }
}
