package dev.bosun.sim.ssh;

import dev.bosun.sim.shell.Result;

/** Runs a whole command line on the host listening at a local address (the sim's side of an SSH exec). */
@FunctionalInterface
public interface HostShell {
  Result execute(String address, String commandLine) throws InterruptedException;
}
