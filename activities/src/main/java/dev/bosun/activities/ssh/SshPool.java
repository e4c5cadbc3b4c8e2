package dev.bosun.activities.ssh;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.workflows.model.HostTarget;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One SSH connection per host (keyed by user@address:port), shared by every activity of the worker.
 * Thread-safe.
 */
public final class SshPool implements AutoCloseable {

  /** Default name of the environment variable holding the private key's passphrase. */
  public static final String DEFAULT_PASSPHRASE_ENV = "BOSUN_SSH_KEY_PASSPHRASE";

  private final ActivitySettings settings;
  private final String passphraseEnv;
  private final Map<SshEndpoint, HostConnection> connections = new ConcurrentHashMap<>();
  private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bosun-ssh-reader");
    t.setDaemon(true);
    return t;
  });

  public SshPool(ActivitySettings settings) {
    this(settings, DEFAULT_PASSPHRASE_ENV);
  }

  /** @param passphraseEnv the environment variable that holds the key passphrase (unset = unencrypted key) */
  public SshPool(ActivitySettings settings, String passphraseEnv) {
    this.settings = settings;
    this.passphraseEnv = passphraseEnv;
  }

  /**
   * Runs {@code command} with the default timeout, heartbeating the activity this thread runs (if any).
   * Inside an activity every timeout is capped at what is left of the attempt's start-to-close timeout
   * ({@link CommandTimeouts}).
   */
  public CommandResult run(HostTarget host, String command) {
    return run(host, command, host.commandTimeout() != null ? host.commandTimeout() : settings.commandTimeout());
  }

  public CommandResult run(HostTarget host, String command, Duration timeout) {
    return run(host, command, timeout, Heartbeat.current());
  }

  public CommandResult run(HostTarget host, String command, Duration timeout, Heartbeat heartbeat) {
    return connection(host).run(host, command, CommandTimeouts.forCurrentActivity(timeout), heartbeat, false);
  }

  /**
   * Runs a command whose output is a secret (admin.conf): its output is only returned, never put into a
   * failure message, a heartbeat or a log.
   */
  public CommandResult runSensitive(HostTarget host, String command, Duration timeout) {
    return connection(host).run(host, command, CommandTimeouts.forCurrentActivity(timeout), Heartbeat.NONE, true);
  }

  /** How many times the connection to this host was (re)established: 1 while it is reused. */
  public int connects(HostTarget host) {
    HostConnection c = connections.get(SshEndpoint.of(host));
    return c == null ? 0 : c.connects();
  }

  private HostConnection connection(HostTarget host) {
    return connections.computeIfAbsent(SshEndpoint.of(host), e -> new HostConnection(e, settings, passphraseEnv, readers));
  }

  @Override
  public void close() {
    connections.values().forEach(HostConnection::close);
    connections.clear();
    readers.shutdownNow();
  }
}
