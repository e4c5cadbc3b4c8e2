package dev.bosun.sim.host;

/** What kubeadm has made of a host. */
public enum KubeadmRole {
  NOT_INITIALISED,
  CONTROL_PLANE,
  WORKER
}
