package dev.bosun.activities.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.Failures;
import dev.bosun.workflows.model.HostTarget;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One pool parses a known_hosts file once for all its connections and still verifies each as before. */
class KnownHostsSharedTest {

  private static final ActivitySettings SETTINGS = new ActivitySettings(
      null, null, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5));

  @TempDir
  Path dir;

  final List<EmbeddedSshd> servers = new ArrayList<>();
  SshPool pool;

  @BeforeEach
  void start() {
    pool = new SshPool(SETTINGS);
  }

  @AfterEach
  void stop() throws Exception {
    pool.close();
    for (EmbeddedSshd s : servers) {
      s.close();
    }
  }

  private EmbeddedSshd server() throws Exception {
    Path own = Files.createDirectories(dir.resolve("host-" + servers.size()));
    EmbeddedSshd s = new EmbeddedSshd(own);
    servers.add(s);
    return s;
  }

  /** The server's target as {@code user}, verified against {@code knownHosts}: another user is another pooled connection. */
  private static HostTarget target(
      EmbeddedSshd s, String user, Path knownHosts, boolean trustOnFirstUse) {
    return new HostTarget(
        "lab",
        "node-" + s.port(),
        "127.0.0.1",
        s.port(),
        user,
        s.privateKey.toString(),
        knownHosts.toString(),
        trustOnFirstUse,
        null,
        null,
        null);
  }

  /** {@code n} lines for other hosts, as a 1,000-host lab's known_hosts has. */
  private static String otherHosts(int n) throws Exception {
    StringBuilder lines = new StringBuilder("# lab hosts\n");
    var key =
        EmbeddedSshd.ecKey().getPublic(); // one key object is enough: the parse cost is per line
    for (int i = 0; i < n; i++) {
      lines
          .append(EmbeddedSshd.knownHostsLine("10.0." + (i / 250) + "." + (i % 250 + 1), key))
          .append('\n');
    }
    return lines.toString();
  }

  @Test
  void oneParseServesConnectionsToEveryHostOfTheFile() throws Exception {
    EmbeddedSshd a = server();
    EmbeddedSshd b = server();
    EmbeddedSshd c = server();
    Path knownHosts = dir.resolve("known_hosts");
    StringBuilder text = new StringBuilder(otherHosts(100));
    for (EmbeddedSshd s : List.of(a, b, c)) {
      text.append(EmbeddedSshd.knownHostsLine(s.hostEntry(), s.hostKey.getPublic()))
          .append('\n');
    }
    Files.writeString(knownHosts, text);
    for (EmbeddedSshd s : List.of(a, b, c)) {
      assertEquals(
          "ok\n", pool.run(target(s, "bosun", knownHosts, false), "echo ok").stdout());
    }
    assertEquals(1, pool.knownHostsFiles().parses());
  }

  @Test
  void fiftyConnectionsOverTwoHundredHostEntriesParseTheFileOnce() throws Exception {
    EmbeddedSshd s = server();
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(
        knownHosts,
        otherHosts(200) + EmbeddedSshd.knownHostsLine(s.hostEntry(), s.hostKey.getPublic()) + "\n");
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<CommandResult>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      HostTarget t = target(s, "user" + i, knownHosts, false);
      results.add(threads.submit(() -> pool.run(t, "true")));
    }
    for (Future<CommandResult> r : results) {
      assertEquals(0, r.get().exitCode());
    }
    threads.shutdown();
    assertEquals(50, s.sessionsCreated.get(), "50 separate connections");
    assertEquals(1, pool.knownHostsFiles().parses());
  }

  @Test
  void aChangedFileIsParsedAgainAndAChangedKeyRefused() throws Exception {
    EmbeddedSshd s = server();
    Path knownHosts = s.knownHosts;
    assertEquals(0, pool.run(target(s, "bosun", knownHosts, false), "true").exitCode());
    assertEquals(1, pool.knownHostsFiles().parses());

    // Same length, another key: only the modification time tells the file changed.
    FileTime before = Files.getLastModifiedTime(knownHosts);
    Files.writeString(
        knownHosts,
        EmbeddedSshd.knownHostsLine(s.hostEntry(), EmbeddedSshd.ecKey().getPublic()) + "\n");
    Files.setLastModifiedTime(knownHosts, FileTime.fromMillis(before.toMillis() + 5_000));
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class, () -> pool.run(target(s, "other", knownHosts, false), "true"));
    assertEquals(Failures.HOST_KEY_MISMATCH, f.getType());
    assertTrue(
        f.getOriginalMessage().contains(KnownHostsVerifier.fingerprint(s.hostKey.getPublic())),
        f.getOriginalMessage());
    assertEquals(2, pool.knownHostsFiles().parses());

    // Appending the right key (a longer file) makes the host acceptable again without a new pool.
    Files.writeString(
        knownHosts,
        EmbeddedSshd.knownHostsLine(s.hostEntry(), s.hostKey.getPublic()) + "\n",
        StandardOpenOption.APPEND);
    assertEquals(0, pool.run(target(s, "third", knownHosts, false), "true").exitCode());
    assertEquals(3, pool.knownHostsFiles().parses());
  }

  @Test
  void anUnknownHostIsRefusedWithItsFingerprintFromTheSharedFile() throws Exception {
    EmbeddedSshd known = server();
    EmbeddedSshd unknown = server();
    Path knownHosts = known.knownHosts;
    assertEquals(0, pool.run(target(known, "bosun", knownHosts, false), "true").exitCode());
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> pool.run(target(unknown, "bosun", knownHosts, false), "true"));
    assertEquals(Failures.HOST_KEY_UNKNOWN, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(
        f.getOriginalMessage()
            .contains(KnownHostsVerifier.fingerprint(unknown.hostKey.getPublic())),
        f.getOriginalMessage());
    assertTrue(f.getOriginalMessage().contains(unknown.hostEntry()), f.getOriginalMessage());
    assertEquals(1, pool.knownHostsFiles().parses());
  }

  @Test
  void aKeyTrustedOnFirstUseIsAcceptedByTheNextConnectionsOfThePoolAndOthers() throws Exception {
    EmbeddedSshd s = server();
    Path knownHosts = dir.resolve("new/known_hosts");
    Files.createDirectories(knownHosts.getParent());
    Files.writeString(
        knownHosts, "# no newline at the end"); // the entry must still land on a line of its own
    // Eight first connections at once: the key is recorded once.
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<CommandResult>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      HostTarget t = target(s, "user" + i, knownHosts, true);
      results.add(threads.submit(() -> pool.run(t, "true")));
    }
    for (Future<CommandResult> r : results) {
      assertEquals(0, r.get().exitCode());
    }
    threads.shutdown();
    List<String> lines = Files.readAllLines(knownHosts);
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(1).startsWith(s.hostEntry() + " ecdsa-sha2-nistp256 "), lines.toString());
    int parses = pool.knownHostsFiles().parses();
    assertEquals(
        0,
        pool.run(target(s, "strict", knownHosts, false), "true").exitCode(),
        "the shared entries hold the new key");
    assertEquals(parses, pool.knownHostsFiles().parses(), "no re-parse after our own append");
    try (SshPool other = new SshPool(SETTINGS)) {
      assertEquals(0, other.run(target(s, "strict", knownHosts, false), "true").exitCode());
    }
  }

  @Test
  void hashedEntriesAreMatchedCorrectlyByConcurrentConnections() throws Exception {
    EmbeddedSshd s = server();
    Path knownHosts = dir.resolve("known_hosts");
    StringBuilder text = new StringBuilder();
    var other = EmbeddedSshd.ecKey().getPublic();
    for (int i = 0; i < 50; i++) {
      text.append(EmbeddedSshd.hashedKnownHostsLine("[10.1.0." + i + "]:22", other))
          .append('\n');
    }
    text.append(EmbeddedSshd.hashedKnownHostsLine(s.hostEntry(), s.hostKey.getPublic()))
        .append('\n');
    Files.writeString(knownHosts, text);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<CommandResult>> results = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      HostTarget t = target(s, "user" + i, knownHosts, false);
      results.add(threads.submit(() -> pool.run(t, "echo ok")));
    }
    for (Future<CommandResult> r : results) {
      assertEquals("ok\n", r.get().stdout());
    }
    threads.shutdown();
    assertEquals(1, pool.knownHostsFiles().parses());
  }

  @Test
  void aRevokedKeyIsRefused() throws Exception {
    EmbeddedSshd s = server();
    Files.writeString(
        s.knownHosts,
        "@revoked " + EmbeddedSshd.knownHostsLine(s.hostEntry(), s.hostKey.getPublic()) + "\n");
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class, () -> pool.run(target(s, "bosun", s.knownHosts, false), "true"));
    // As sshj: the revoked entry applies to the host but never accepts, so the key counts as
    // changed.
    assertEquals(Failures.HOST_KEY_MISMATCH, f.getType());
    assertTrue(f.isNonRetryable());
  }
}
