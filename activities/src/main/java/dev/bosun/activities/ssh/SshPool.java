package dev.bosun.activities.ssh;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.rules.TargetRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH connection per host and trust ({@link SshTrust}: user@address:port, key, known_hosts, host-key
 * policy), shared by every activity of the worker that reaches the host the same way.
 * A connection with no command for {@link ActivitySettings#idleClose()} is closed and reopened on next
 * use, so the worker holds connections (and their threads) only for hosts it is working on; known_hosts
 * files are parsed once per pool. Thread-safe.
 */
public final class SshPool implements AutoCloseable {

  /** Default name of the environment variable holding the private key's passphrase. */
  public static final String DEFAULT_PASSPHRASE_ENV = "BOSUN_SSH_KEY_PASSPHRASE";

  private static final Logger log = LoggerFactory.getLogger(SshPool.class);
  private static final Duration MAX_REAP_EVERY = Duration.ofSeconds(30);
  private static final Duration MIN_REAP_EVERY = Duration.ofMillis(20);

  private final ActivitySettings settings;
  private final String passphraseEnv;
  private final Duration idleClose;
  private final KnownHostsFiles knownHosts = new KnownHostsFiles();
  private final Map<SshTrust, HostConnection> connections = new ConcurrentHashMap<>();
  private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bosun-ssh-reader");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bosun-ssh-idle-close");
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
    this.idleClose = settings.idleClose();
    if (idleClose == null || idleClose.isNegative() || idleClose.isZero()) {
      reaper.shutdownNow();
      throw new IllegalArgumentException("idleClose must be a positive duration, was " + idleClose);
    }
    // Checking at half the idle period closes a connection between 1 and 1.5 idle periods after its
    // last command.
    long every = Math.max(
        MIN_REAP_EVERY.toNanos(), Math.min(MAX_REAP_EVERY.toNanos(), idleClose.toNanos() / 2));
    reaper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code command} with the default timeout, heartbeating the activity this thread runs (if any).
   * Inside an activity every timeout is capped at what is left of the attempt's start-to-close timeout
   * ({@link CommandTimeouts}).
   */
  public CommandResult run(HostTarget host, String command) {
    return run(
        host,
        command,
        host.commandTimeout() != null ? host.commandTimeout() : settings.commandTimeout());
  }

  /** With the default timeout and this heartbeat (which may rewrite or drop what the command line would say). */
  public CommandResult run(HostTarget host, String command, Heartbeat heartbeat) {
    return run(
        host,
        command,
        host.commandTimeout() != null ? host.commandTimeout() : settings.commandTimeout(),
        heartbeat);
  }

  public CommandResult run(HostTarget host, String command, Duration timeout) {
    return run(host, command, timeout, Heartbeat.current());
  }

  public CommandResult run(HostTarget host, String command, Duration timeout, Heartbeat heartbeat) {
    return connection(host)
        .run(host, command, CommandTimeouts.forCurrentActivity(timeout), heartbeat, false);
  }

  /** Runs {@code command} with {@code stdin} as its standard input (a file's content for {@code tee}), default timeout. */
  public CommandResult runWithInput(HostTarget host, String command, String stdin) {
    Duration timeout =
        host.commandTimeout() != null ? host.commandTimeout() : settings.commandTimeout();
    return connection(host)
        .run(
            host,
            command,
            stdin,
            CommandTimeouts.forCurrentActivity(timeout),
            Heartbeat.current(),
            false);
  }

  /**
   * Runs {@code command} with the file {@code input} streamed as its standard input (a staged snapshot of GBs
   * uploaded with {@code cat >}), heartbeating the bytes sent; default timeout, capped like every command's.
   */
  public CommandResult runWithInput(HostTarget host, String command, Path input) {
    try (InputStream in = Files.newInputStream(input)) {
      return connection(host)
          .run(
              host,
              command,
              in,
              null,
              CommandTimeouts.forCurrentActivity(commandTimeout(host)),
              Heartbeat.current(),
              false);
    } catch (IOException e) {
      throw Failures.retryable(
          Failures.COMMAND_FAILED, "reading " + input + " on the worker to send it: " + e);
    }
  }

  /**
   * Runs {@code command} with its standard output streamed into {@code sink} as it arrives (a file read off the host,
   * however large), heartbeating the byte count; the result's stdout is empty, its stderr and exit code as usual.
   * {@code timeout} is capped like every command's.
   */
  public CommandResult runToStream(
      HostTarget host, String command, OutputStream sink, Duration timeout) {
    return connection(host)
        .run(
            host,
            command,
            null,
            sink,
            CommandTimeouts.forCurrentActivity(timeout),
            Heartbeat.current(),
            false);
  }

  /**
   * Runs a command whose output is a secret (admin.conf): its output is only returned, never put into a
   * failure message, a heartbeat or a log.
   */
  public CommandResult runSensitive(HostTarget host, String command, Duration timeout) {
    return connection(host)
        .run(host, command, CommandTimeouts.forCurrentActivity(timeout), Heartbeat.NONE, true);
  }

  /**
   * Runs {@code command} with {@code stdin} as its standard input, treating both the input and the output as secrets
   * (a join configuration with its token): neither reaches a failure message, a heartbeat or a log. The command line
   * itself carries no secret, so it may appear in them.
   */
  public CommandResult runWithInput(
      HostTarget host, String command, String stdin, Duration timeout) {
    Heartbeat activity = Heartbeat.current();
    // Long secret-printing commands (kubeadm init) still heartbeat, with the command line only.
    Heartbeat beat = detail -> activity.beat("$ " + command + " (output withheld)");
    return connection(host)
        .run(host, command, stdin, CommandTimeouts.forCurrentActivity(timeout), beat, true);
  }

  /** The default command timeout for {@code host}. */
  public Duration commandTimeout(HostTarget host) {
    return host.commandTimeout() != null ? host.commandTimeout() : settings.commandTimeout();
  }

  /** How many times the connection to this host was (re)established: 1 while it is reused. */
  public int connects(HostTarget host) {
    HostConnection c = connections.get(trust(host));
    return c == null ? 0 : c.connects();
  }

  /** Whether an SSH connection to this host is open now: for tests. */
  boolean isConnected(HostTarget host) {
    HostConnection c = connections.get(trust(host));
    return c != null && c.isConnected();
  }

  /** The pool's shared parsed known_hosts files: for tests. */
  KnownHostsFiles knownHostsFiles() {
    return knownHosts;
  }

  /** What decides whether a connection may serve {@code host}: also the identity of what is fetched over it (admin.conf). */
  public SshTrust trust(HostTarget host) {
    // Checked here, where every activity's host passes: the target may come from any client of the
    // task queue.
    Failures.validInput(() -> TargetRules.requireHost(host));
    return SshTrust.of(host, settings, passphraseEnv);
  }

  private HostConnection connection(HostTarget host) {
    return connections.computeIfAbsent(
        trust(host), t -> new HostConnection(t, settings, readers, knownHosts));
  }

  private void closeIdle() {
    long now = System.nanoTime();
    for (HostConnection c : connections.values()) {
      try {
        c.closeIfIdle(idleClose, now);
      } catch (RuntimeException e) {
        // one bad close must not stop the reaper (a scheduled task that throws is never run again)
        log.warn("closing an idle SSH connection failed", e);
      }
    }
  }

  @Override
  public void close() {
    reaper.shutdownNow();
    connections.values().forEach(HostConnection::close);
    connections.clear();
    readers.shutdownNow();
  }
}
