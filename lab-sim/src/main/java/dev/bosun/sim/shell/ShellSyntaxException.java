package dev.bosun.sim.shell;

/** A command line the simulated shell cannot parse; answered like bash's syntax error (exit 2). */
public final class ShellSyntaxException extends Exception {
  public ShellSyntaxException(String message) {
    super(message);
  }
}
