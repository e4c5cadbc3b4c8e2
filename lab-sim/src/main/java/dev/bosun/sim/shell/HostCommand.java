package dev.bosun.sim.shell;

/** A simulated program (kubeadm, apt-get, ...). Called with the lab lock held. */
@FunctionalInterface
public interface HostCommand {
  Result run(Invocation invocation);
}
