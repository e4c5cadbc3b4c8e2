package dev.bosun.sim.shell;

/** A hook before each simple command runs (fault injection): null lets it run, a Result replaces it. */
@FunctionalInterface
public interface CommandInterceptor {
  Result before(String host, String command) throws InterruptedException;

  CommandInterceptor NONE = (host, command) -> null;
}
