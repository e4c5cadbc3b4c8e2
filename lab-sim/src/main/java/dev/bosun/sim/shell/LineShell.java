package dev.bosun.sim.shell;

import dev.bosun.sim.host.HostState;

/** A login shell that is not POSIX sh (cmd.exe on a Windows host): it gets the whole command line. Called with the lab lock held. */
@FunctionalInterface
public interface LineShell {
  Result run(HostState host, String commandLine);
}
