package dev.bosun.sim;

/** Thrown inside a command to make the SSH server drop the connection mid-command (a fault). */
public final class DroppedConnection extends RuntimeException {

  private final String partialStdout;

  DroppedConnection(String host, String command) {
    this(host, command, "");
  }

  /** @param partialStdout what the command had written to stdout before the connection went */
  DroppedConnection(String host, String command, String partialStdout) {
    super("fault: dropped the SSH connection of " + host + " during '" + command + "'");
    this.partialStdout = partialStdout;
  }

  public String partialStdout() {
    return partialStdout;
  }
}
