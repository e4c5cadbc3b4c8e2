package dev.bosun.workflows.activities;

/** An exact package version to install, e.g. kubeadm = 1.31.2-1.1. */
public record PackagePin(String name, String version) {

  @Override
  public String toString() {
    return name + "=" + version;
  }
}
