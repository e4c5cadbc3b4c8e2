package dev.bosun.workflows.upgrade;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The steps of one node's upgrade, in order. Labels are what the CLI and the UI show. */
public enum NodeStep {
  DRAIN("drain"),
  KUBEADM_PACKAGE("kubeadm-package"),
  KUBEADM_UPGRADE("kubeadm-upgrade"),
  KUBELET_PACKAGES("kubelet-packages"),
  KUBELET_RESTART("kubelet-restart"),
  WAIT_READY("wait-ready"),
  UNCORDON("uncordon"),
  HEALTH_GATE("health-gate");

  private final String label;

  NodeStep(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  @JsonCreator
  public static NodeStep fromLabel(String label) {
    for (NodeStep s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown step '" + label + "'");
  }

  @Override
  public String toString() {
    return label;
  }
}
