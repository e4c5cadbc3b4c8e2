package dev.bosun.workflows.upgrade;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;

/** The steps of one node's upgrade, in order. Labels (kubeadm-package, …) are what the CLI and the UI show. */
public enum NodeStep implements Labelled {
  /** Control planes: refuse when etcd would lose quorum without this node's member ({@link EtcdQuorumPolicy}). */
  ETCD_QUORUM,
  DRAIN,
  KUBEADM_PACKAGE,
  KUBEADM_UPGRADE,
  KUBELET_PACKAGES,
  KUBELET_RESTART,
  WAIT_READY,
  UNCORDON,
  HEALTH_GATE;

  /** The step of a label ("kubelet-restart"), e.g. from a command-line flag. */
  public static NodeStep fromLabel(String label) {
    return Labels.fromLabel(NodeStep.class, label);
  }

  @JsonValue
  @Override
  public String toString() {
    return Labels.of(this);
  }
}
