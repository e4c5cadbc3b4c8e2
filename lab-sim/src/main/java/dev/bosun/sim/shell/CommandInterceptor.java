package dev.bosun.sim.shell;

/** Hooks around each simple command (fault injection). */
@FunctionalInterface
public interface CommandInterceptor {
  /** Before the command runs: null lets it run, a Result replaces it. */
  Result before(String host, String command) throws InterruptedException;

  /** After the command ran: may throw to drop the connection part-way through the output. */
  default Result after(String host, String command, Result result) {
    return result;
  }

  CommandInterceptor NONE = (host, command) -> null;
}
