package dev.bosun.workflows.activities;

import java.util.List;

/**
 * {@code kubeadm upgrade plan -o json} (output.kubeadm.k8s.io UpgradePlan), reduced to what Bosun uses.
 * No available upgrades (kubeadm printed nothing and exited 0) means the cluster is up to date.
 */
public record KubeadmUpgradePlan(List<AvailableUpgrade> availableUpgrades) {

  public boolean upToDate() {
    return availableUpgrades.isEmpty();
  }

  public record AvailableUpgrade(String description, List<Component> components) {}

  public record Component(String name, String currentVersion, String newVersion, String nodeName) {}
}
