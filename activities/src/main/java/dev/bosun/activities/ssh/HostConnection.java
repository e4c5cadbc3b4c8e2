package dev.bosun.activities.ssh;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.workflows.model.HostTarget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one SSH connection to one host, shared by every command for it; at most
 * {@code maxCommandsPerHost} commands run on it at once. Reconnects lazily after a drop or an idle close.
 */
final class HostConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HostConnection.class);
  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(2);
  static final String WITHHELD = "(withheld: sensitive output)";

  private final SshEndpoint endpoint;
  private final SshTrust trust;
  private final ActivitySettings settings;
  private final ExecutorService readers;
  private final Semaphore slots;
  private final KnownHostsFiles knownHosts;
  private final AtomicInteger connects = new AtomicInteger();
  // Guarded by this, like the connect path: the idle close must never race a command's start.
  private SSHClient client;
  private int running;
  private long lastUsedNanos = System.nanoTime();

  /** Connects, authenticates and verifies with exactly {@code trust}: the pool keys connections by it. */
  HostConnection(
      SshTrust trust,
      ActivitySettings settings,
      ExecutorService readers,
      KnownHostsFiles knownHosts) {
    this.endpoint = trust.endpoint();
    this.trust = trust;
    this.settings = settings;
    this.readers = readers;
    this.knownHosts = knownHosts;
    this.slots = new Semaphore(Math.max(1, settings.maxCommandsPerHost()), true);
  }

  int connects() {
    return connects.get();
  }

  /**
   * @param sensitive the output is a secret (admin.conf): it never reaches a failure message, a heartbeat
   *     or a log, only the returned result
   */
  CommandResult run(
      HostTarget host, String command, Duration timeout, Heartbeat heartbeat, boolean sensitive) {
    return run(host, command, null, timeout, heartbeat, sensitive);
  }

  /**
   * @param stdin the command's standard input, sent and closed right after it starts (null: none); how file content
   *     reaches a host without ever being part of a command line
   */
  CommandResult run(
      HostTarget host,
      String command,
      String stdin,
      Duration timeout,
      Heartbeat heartbeat,
      boolean sensitive) {
    return run(
        host,
        command,
        stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        null,
        timeout,
        heartbeat,
        sensitive);
  }

  /**
   * @param stdoutSink where the command's standard output goes as it arrives (null: kept in the result). A file's
   *     bytes (an etcd snapshot of GBs) then never sit in memory; the result's stdout is empty and the heartbeat
   *     says how many bytes have arrived.
   */
  CommandResult run(
      HostTarget host,
      String command,
      InputStream stdin,
      OutputStream stdoutSink,
      Duration timeout,
      Heartbeat heartbeat,
      boolean sensitive) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(
          Failures.SSH_CONNECTION_LOST,
          where(host) + ": interrupted while waiting for a command slot");
    }
    began();
    try {
      long start = System.nanoTime();
      if (!sensitive) {
        heartbeat.beat(
            "$ " + command); // also between short commands: host steps have a heartbeat timeout
      }
      Started started = start(host, command, stdin, sensitive ? Heartbeat.NONE : heartbeat);
      // A sensitive command's heartbeats carry only its withheld marker (its lines are never kept).
      return collect(host, command, started, stdoutSink, timeout, heartbeat, start, sensitive);
    } finally {
      ended();
      slots.release();
    }
  }

  private record Started(SSHClient client, Session session, Session.Command command) {}

  /** Opens a channel and execs. A dead pooled connection is replaced once, before anything ran. */
  private Started start(HostTarget host, String command, InputStream stdin, Heartbeat heartbeat) {
    for (int attempt = 0; ; attempt++) {
      SSHClient c = connected(host);
      Session session;
      try {
        session = c.startSession();
      } catch (IOException | IllegalStateException e) { // sshj: "Not connected" when it just died
        // The command never reached the host: safe to reconnect and try once more.
        drop(c);
        if (attempt == 0) {
          log.info("{}: connection unusable ({}), reconnecting", endpoint, e.toString());
          continue;
        }
        throw Failures.retryable(
            Failures.SSH_CONNECTION_LOST,
            where(host) + ": could not open a session after reconnecting: " + e.getMessage(),
            e);
      }
      try {
        Session.Command cmd = session.exec(command);
        if (stdin != null) {
          send(stdin, cmd.getOutputStream(), heartbeat);
        }
        return new Started(c, session, cmd);
      } catch (IOException e) {
        closeQuietly(session);
        drop(c);
        throw Failures.retryable(
            Failures.SSH_CONNECTION_LOST,
            where(host) + ": connection lost while starting `" + command
                + "`; it may have started, not retried: " + e.getMessage(),
            e);
      }
    }
  }

  private CommandResult collect(
      HostTarget host,
      String commandLine,
      Started started,
      OutputStream stdoutSink,
      Duration timeout,
      Heartbeat heartbeat,
      long startNanos,
      boolean sensitive) {
    Session.Command cmd = started.command();
    // A sensitive command's lines are never kept: nothing can leak into a message or a heartbeat.
    AtomicReference<String> lastLine = new AtomicReference<>(sensitive ? WITHHELD : "");
    AtomicReference<String> tracked = sensitive ? new AtomicReference<>() : lastLine;
    Future<String> out = readers.submit(() -> stdoutSink == null
        ? readAll(cmd.getInputStream(), tracked)
        : copyAll(cmd.getInputStream(), stdoutSink, tracked));
    Future<String> err = readers.submit(() -> readAll(cmd.getErrorStream(), tracked));
    long deadline = startNanos + timeout.toNanos();
    try {
      String stdout = await(out, deadline, heartbeat, lastLine);
      String stderr = await(err, deadline, heartbeat, lastLine);
      if (stdout == null || stderr == null) {
        killQuietly(cmd);
        throw Failures.retryable(
            Failures.COMMAND_TIMEOUT,
            where(host) + ": `" + commandLine + "` did not finish within " + timeout.toSeconds()
                + "s; its channel was closed. Last output: " + lastLine.get());
      }
      cmd.join(5, TimeUnit.SECONDS);
      Integer exit = cmd.getExitStatus();
      if (exit == null) {
        if (!started.client().isConnected()) {
          drop(started.client());
          throw Failures.retryable(
              Failures.SSH_CONNECTION_LOST,
              where(host) + ": connection lost while `" + commandLine
                  + "` ran; not retried. Last output: " + lastLine.get());
        }
        // No exit status: the command died of a signal (or the server did not say). Never report it
        // as success.
        exit = -1;
        if (cmd.getExitSignal() != null) {
          stderr = stderr + "killed by signal " + cmd.getExitSignal() + "\n";
        }
      }
      return new CommandResult(
          exit, stdout, stderr, Duration.ofNanos(System.nanoTime() - startNanos));
    } catch (ExecutionException | IOException e) {
      drop(started.client());
      throw Failures.retryable(
          Failures.SSH_CONNECTION_LOST,
          where(host) + ": connection lost while `" + commandLine + "` ran; not retried: "
              + rootMessage(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killQuietly(cmd);
      throw Failures.retryable(
          Failures.COMMAND_TIMEOUT, where(host) + ": interrupted while `" + commandLine + "` ran");
    } finally {
      closeQuietly(started.session());
    }
  }

  /** The stream's text, or null at the deadline. Heartbeats the last output line while waiting. */
  private static String await(
      Future<String> f, long deadline, Heartbeat heartbeat, AtomicReference<String> lastLine)
      throws ExecutionException, InterruptedException {
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return f.isDone() ? f.get() : null;
      }
      try {
        return f.get(Math.min(left, HEARTBEAT_EVERY.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        heartbeat.beat(lastLine.get());
      }
    }
  }

  private static String readAll(InputStream in, AtomicReference<String> lastLine)
      throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      buf.write(chunk, 0, n);
      String line = Failures.lastLines(new String(chunk, 0, n, StandardCharsets.UTF_8), 1);
      if (!line.isEmpty()) {
        lastLine.set(line);
      }
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** Sends {@code stdin} and closes it (EOF: the remote reader finishes); a long upload heartbeats its byte count. */
  private static void send(InputStream stdin, OutputStream channel, Heartbeat heartbeat)
      throws IOException {
    byte[] chunk = new byte[64 * 1024];
    long total = 0;
    long lastBeat = System.nanoTime();
    int n;
    while ((n = stdin.read(chunk)) >= 0) {
      channel.write(chunk, 0, n);
      total += n;
      if (System.nanoTime() - lastBeat > HEARTBEAT_EVERY.toNanos()) {
        heartbeat.beat(total + " bytes sent");
        lastBeat = System.nanoTime();
      }
    }
    channel.flush();
    channel.close();
  }

  /** Copies the stream into {@code sink} as it arrives; the tracked line counts bytes (binary has no lines). */
  private static String copyAll(InputStream in, OutputStream sink, AtomicReference<String> lastLine)
      throws IOException {
    byte[] chunk = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(chunk)) >= 0) {
      sink.write(chunk, 0, n);
      total += n;
      lastLine.set(total + " bytes received");
    }
    sink.flush();
    return "";
  }

  private synchronized void began() {
    running++;
    lastUsedNanos = System.nanoTime();
  }

  private synchronized void ended() {
    running--;
    lastUsedNanos = System.nanoTime();
  }

  /**
   * Disconnects when no command has run or started for {@code idle}, freeing the client's threads and
   * buffers; the next command reconnects. Called by the pool's reaper.
   *
   * @return whether it disconnected
   */
  boolean closeIfIdle(Duration idle, long nowNanos) {
    SSHClient idleClient;
    synchronized (this) {
      if (client == null || running > 0 || nowNanos - lastUsedNanos < idle.toNanos()) {
        return false;
      }
      idleClient = client;
      client = null; // from here a new command connects afresh
    }
    log.debug("{}: idle for {}, disconnecting", endpoint, idle);
    closeQuietly(idleClient); // outside the lock: a slow disconnect must not hold up a new command
    return true;
  }

  /** Whether an SSH connection is open now: for tests. */
  synchronized boolean isConnected() {
    return client != null && client.isConnected();
  }

  private synchronized SSHClient connected(HostTarget host) {
    if (client != null && client.isConnected() && client.isAuthenticated()) {
      return client;
    }
    if (client != null) {
      closeQuietly(client);
      client = null;
    }
    client = connect(host);
    connects.incrementAndGet();
    return client;
  }

  private synchronized void drop(SSHClient c) {
    if (client == c) {
      client = null;
    }
    closeQuietly(c);
  }

  private SSHClient connect(HostTarget host) {
    DefaultConfig config = new DefaultConfig();
    config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    SSHClient c = new SSHClient(config);
    // Without TCP_NODELAY, a command's small request packets wait for the peer's delayed ACK (~40
    // ms each).
    c.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    KnownHostsVerifier verifier;
    try {
      verifier =
          new KnownHostsVerifier(knownHosts, Path.of(knownHostsPath()), trust.trustOnFirstUse());
    } catch (IOException | InvalidPathException e) {
      throw Failures.nonRetryable(
          Failures.HOST_KEY_UNKNOWN,
          where(host) + ": cannot read known_hosts " + knownHostsPath() + ": " + e.getMessage());
    }
    c.addHostKeyVerifier(verifier);
    Duration connectTimeout =
        host.connectTimeout() != null ? host.connectTimeout() : settings.connectTimeout();
    c.setConnectTimeout((int) connectTimeout.toMillis());
    c.getConnection().setTimeoutMs((int) connectTimeout.toMillis());
    try {
      c.connect(endpoint.address(), endpoint.port());
    } catch (IOException e) {
      closeQuietly(c);
      rejectedHostKey(host, verifier);
      throw Failures.retryable(
          Failures.SSH_UNREACHABLE, where(host) + ": cannot connect: " + rootMessage(e), e);
    }
    // sshj may return from connect() before its reader thread has torn the transport down over a
    // rejected key; the rejection must still win over whatever the next call fails with.
    rejectedHostKey(host, verifier, c);
    try {
      c.getConnection().getKeepAlive().setKeepAliveInterval((int)
          Math.max(1, settings.keepAlive().toSeconds()));
      String passphrase = passphrase();
      KeyProvider key = passphrase == null
          ? c.loadKeys(keyPath(host))
          : c.loadKeys(keyPath(host), passphrase.toCharArray());
      c.authPublickey(endpoint.user(), key);
    } catch (UserAuthException e) {
      closeQuietly(c);
      rejectedHostKey(host, verifier);
      throw Failures.nonRetryable(
          Failures.SSH_AUTH_FAILED,
          where(host) + ": public key " + keyPath(host) + " was refused: " + e.getMessage());
    } catch (IOException e) {
      closeQuietly(c);
      rejectedHostKey(host, verifier);
      throw Failures.nonRetryable(
          Failures.SSH_AUTH_FAILED,
          where(host) + ": cannot use private key " + keyPath(host) + ": " + rootMessage(e));
    } catch (IllegalStateException e) {
      // sshj's "Not connected": the transport died between connect() and authentication.
      closeQuietly(c);
      rejectedHostKey(host, verifier);
      throw Failures.retryable(
          Failures.SSH_CONNECTION_LOST,
          where(host) + ": connection closed before authentication: " + e.getMessage(),
          e);
    }
    log.debug("{}: connected", endpoint);
    return c;
  }

  private void rejectedHostKey(HostTarget host, KnownHostsVerifier verifier, SSHClient c) {
    if (verifier.rejection() != null) {
      closeQuietly(c);
      rejectedHostKey(host, verifier);
    }
  }

  /** Throws the host-key failure when the verifier rejected the host's key; returns otherwise. */
  private void rejectedHostKey(HostTarget host, KnownHostsVerifier verifier) {
    KnownHostsVerifier.Rejection r = verifier.rejection();
    if (r == null) {
      return;
    }
    String type =
        r.type().equals("changed") ? Failures.HOST_KEY_MISMATCH : Failures.HOST_KEY_UNKNOWN;
    throw Failures.nonRetryable(
        type,
        "host key of " + host.node() + " (" + r.hostEntry() + ") is " + r.type() + ": presented "
            + r.keyType() + " key " + r.fingerprint() + " does not match " + knownHostsPath()
            + (r.type().equals("changed")
                ? " (possible man-in-the-middle, or the host was reinstalled: fix known_hosts)"
                : " (add it to known_hosts, or set trustOnFirstUse)"));
  }

  /** Read from the environment at connect time: the inventory names the variable, never the value. */
  private String passphrase() {
    String env = trust.passphraseEnv();
    if (env == null || env.isBlank()) {
      return null;
    }
    String value = System.getenv(env);
    return value == null || value.isEmpty() ? null : value;
  }

  private String keyPath(HostTarget host) {
    if (trust.privateKey() == null) {
      throw Failures.nonRetryable(
          Failures.SSH_AUTH_FAILED,
          where(host) + ": no private key configured (inventory ssh.privateKey)");
    }
    return trust.privateKey();
  }

  private String knownHostsPath() {
    return trust.knownHosts();
  }

  private String where(HostTarget host) {
    return host.node() + " (" + endpoint + ")";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  private static void killQuietly(Session.Command cmd) {
    try {
      cmd.signal(net.schmizz.sshj.connection.channel.direct.Signal.KILL);
    } catch (IOException | RuntimeException ignored) {
      // closing the channel below is what really stops it
    }
    closeQuietly(cmd);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // nothing useful to do on close failures
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      closeQuietly(client);
      client = null;
    }
  }
}
