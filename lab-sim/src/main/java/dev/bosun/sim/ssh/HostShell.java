package dev.bosun.sim.ssh;

import dev.bosun.sim.shell.Result;

/** Runs a whole command line on the host listening at a local address (the sim's side of an SSH exec). */
@FunctionalInterface
public interface HostShell {
  /** {@code stdin} gives the exec channel's input, read to its end on first use (only by commands that read stdin). */
  Result execute(String address, String commandLine, java.util.function.Supplier<String> stdin)
      throws InterruptedException;
}
