package dev.bosun.cli.operation;

/** Another mutating operation runs on the cluster (exit 4); the message names it. */
public final class ClusterBusyException extends RuntimeException {
  public ClusterBusyException(String message) {
    super(message);
  }
}
