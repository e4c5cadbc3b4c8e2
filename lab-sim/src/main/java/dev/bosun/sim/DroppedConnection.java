package dev.bosun.sim;

/** Thrown inside a command to make the SSH server drop the connection mid-command (a fault). */
public final class DroppedConnection extends RuntimeException {
  DroppedConnection(String host, String command) {
    super("fault: dropped the SSH connection of " + host + " during '" + command + "'");
  }
}
