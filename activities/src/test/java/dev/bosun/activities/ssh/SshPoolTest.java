package dev.bosun.activities.ssh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.Failures;
import dev.bosun.workflows.model.HostTarget;
import io.temporal.failure.ApplicationFailure;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshPoolTest {

  @TempDir
  Path dir;

  EmbeddedSshd sshd;
  SshPool pool;

  @BeforeEach
  void start() throws Exception {
    sshd = new EmbeddedSshd(dir);
    pool = new SshPool(new ActivitySettings(
        null, null, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() throws Exception {
    pool.close();
    sshd.close();
  }

  @Test
  void execSeparatesStdoutStderrAndExitStatus() {
    CommandResult r = pool.run(sshd.target(false), "echo hi; echo oops 1>&2; exit 7");
    assertEquals(7, r.exitCode());
    assertEquals("hi\n", r.stdout());
    assertEquals("oops\n", r.stderr());
  }

  @Test
  void largeOutputOnBothStreamsDoesNotDeadlock() {
    // 400 KB on each stream: more than any channel window, so both must be drained concurrently.
    CommandResult r = pool.run(
        sshd.target(false),
        "i=0; while [ $i -lt 4000 ]; do echo 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789; echo e123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789 1>&2; i=$((i+1)); done");
    assertEquals(0, r.exitCode());
    assertEquals(4000 * 101, r.stdout().length());
    assertEquals(4000 * 101, r.stderr().length());
  }

  @Test
  void oneConnectionIsReusedForManyCommandsAndThreads() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<CommandResult>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int n = i;
      results.add(threads.submit(() -> pool.run(sshd.target(false), "echo " + n)));
    }
    for (int i = 0; i < 8; i++) {
      assertEquals(i + "\n", results.get(i).get().stdout());
    }
    threads.shutdown();
    assertEquals(1, pool.connects(sshd.target(false)));
    assertEquals(1, sshd.sessionsCreated.get(), "one TCP/SSH session for all commands");
  }

  @Test
  void aChangedHostKeyIsReportedAsSuchHoweverLateTheTransportDies() throws Exception {
    // sshj can return from connect() before its reader thread has closed the transport over the
    // rejected key; then the next call fails with "Not connected". Many connects at once, on a
    // busy machine, hit that window: every one must still say HostKeyMismatch.
    var other = EmbeddedSshd.ecKey();
    Files.writeString(
        sshd.knownHosts, EmbeddedSshd.knownHostsLine(sshd.hostEntry(), other.getPublic()) + "\n");
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<ApplicationFailure>> results = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      results.add(threads.submit(() -> {
        try (SshPool fresh = new SshPool(new ActivitySettings(
            null, null, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5)))) {
          return assertThrows(
              ApplicationFailure.class, () -> fresh.run(sshd.target(false), "true"));
        }
      }));
    }
    for (Future<ApplicationFailure> r : results) {
      ApplicationFailure f = r.get();
      assertEquals(Failures.HOST_KEY_MISMATCH, f.getType(), f.getOriginalMessage());
    }
    threads.shutdown();
  }

  @Test
  void changedHostKeyIsRefusedWithTheFingerprint() throws Exception {
    var other = EmbeddedSshd.ecKey();
    Files.writeString(
        sshd.knownHosts, EmbeddedSshd.knownHostsLine(sshd.hostEntry(), other.getPublic()) + "\n");
    ApplicationFailure f =
        assertThrows(ApplicationFailure.class, () -> pool.run(sshd.target(false), "true"));
    assertEquals(Failures.HOST_KEY_MISMATCH, f.getType());
    assertTrue(f.isNonRetryable());
    String fingerprint = KnownHostsVerifier.fingerprint(sshd.hostKey.getPublic());
    assertTrue(f.getOriginalMessage().contains(fingerprint), f.getOriginalMessage());
    assertTrue(
        f.getOriginalMessage().contains("node-1")
            && f.getOriginalMessage().contains(sshd.hostEntry()),
        f.getOriginalMessage());
  }

  @Test
  void unknownHostIsRefusedWithoutTrustOnFirstUse() throws Exception {
    Files.writeString(sshd.knownHosts, "");
    ApplicationFailure f =
        assertThrows(ApplicationFailure.class, () -> pool.run(sshd.target(false), "true"));
    assertEquals(Failures.HOST_KEY_UNKNOWN, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(
        f.getOriginalMessage().contains(KnownHostsVerifier.fingerprint(sshd.hostKey.getPublic())));
    assertEquals("", Files.readString(sshd.knownHosts), "nothing recorded");
  }

  @Test
  void trustOnFirstUseRecordsTheKeyForNextTime() throws Exception {
    Files.delete(sshd.knownHosts);
    assertEquals(0, pool.run(sshd.target(true), "true").exitCode());
    String recorded = Files.readString(sshd.knownHosts);
    assertTrue(recorded.startsWith(sshd.hostEntry() + " ecdsa-sha2-nistp256 "), recorded);
    try (SshPool strict = new SshPool(ActivitySettings.defaults())) {
      assertEquals(0, strict.run(sshd.target(false), "true").exitCode());
    }
  }

  @Test
  void hashedKnownHostsEntriesAreAccepted() throws Exception {
    Files.writeString(
        sshd.knownHosts,
        EmbeddedSshd.hashedKnownHostsLine(sshd.hostEntry(), sshd.hostKey.getPublic()) + "\n");
    assertEquals("ok\n", pool.run(sshd.target(false), "echo ok").stdout());
  }

  @Test
  void commandTimeoutKillsTheChannelAndKeepsTheConnection() {
    long start = System.nanoTime();
    List<String> beats = new CopyOnWriteArrayList<>();
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> pool.run(
            sshd.target(false), "echo started; sleep 30", Duration.ofMillis(2500), beats::add));
    assertEquals(Failures.COMMAND_TIMEOUT, f.getType());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    assertTrue(beats.contains("started"), "heartbeats carry the last output line: " + beats);
    assertEquals("after\n", pool.run(sshd.target(false), "echo after").stdout());
    assertEquals(1, pool.connects(sshd.target(false)));
  }

  @Test
  void droppedConnectionIsReplacedTransparently() throws Exception {
    assertEquals(0, pool.run(sshd.target(false), "true").exitCode());
    sshd.dropConnections();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sshd.activeSessions() == 0); // the drop has happened
    assertEquals("again\n", pool.run(sshd.target(false), "echo again").stdout());
    assertEquals(2, pool.connects(sshd.target(false)));
  }

  @Test
  void dropWhileACommandRunsIsSurfacedNotRetried() throws Exception {
    Path marker = dir.resolve("runs");
    Thread dropper = new Thread(() -> {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.exists(marker)); // the command is running
      sshd.dropConnections();
    });
    dropper.start();
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> pool.run(sshd.target(false), "echo x >> " + marker + "; sleep 5"));
    dropper.join();
    assertEquals(Failures.SSH_CONNECTION_LOST, f.getType());
    assertEquals(1, Files.readAllLines(marker).size(), "the command ran exactly once");
  }

  @Test
  void sensitiveOutputNeverReachesAFailureMessage() throws Exception {
    Path secret = Files.writeString(dir.resolve("admin.conf"), "client-key-data: c2VjcmV0\n");
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> pool.runSensitive(
            sshd.target(false), "cat " + secret + "; sleep 30", Duration.ofMillis(2500)));
    assertEquals(Failures.COMMAND_TIMEOUT, f.getType());
    assertTrue(
        !f.getMessage().contains("c2VjcmV0") && f.getMessage().contains("withheld"),
        f.getMessage());
    assertEquals(
        "client-key-data: c2VjcmV0\n",
        pool.runSensitive(sshd.target(false), "cat " + secret, Duration.ofSeconds(5))
            .stdout(),
        "the output itself is still returned");
  }

  @Test
  void commandsPerHostAreBounded() throws Exception {
    // maxCommandsPerHost = 2: four one-second commands take two rounds.
    ExecutorService threads = Executors.newFixedThreadPool(4);
    long start = System.nanoTime();
    List<Future<CommandResult>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(threads.submit(() -> pool.run(sshd.target(false), "sleep 1")));
    }
    for (Future<CommandResult> r : results) {
      assertEquals(0, r.get().exitCode());
    }
    threads.shutdown();
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1900, "at most 2 at once");
  }

  @Test
  void aKeyTheHostDoesNotAcceptIsNotRetried() throws Exception {
    Path otherKey = dir.resolve("other_key");
    try (var out = Files.newOutputStream(otherKey)) {
      org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
          .writePrivateKey(EmbeddedSshd.ecKey(), "other", null, out);
    }
    var t = sshd.target(false);
    var wrongKey = new dev.bosun.workflows.model.HostTarget(
        t.cluster(),
        t.node(),
        t.address(),
        t.port(),
        t.user(),
        otherKey.toString(),
        t.knownHostsPath(),
        false,
        null,
        null,
        null);
    ApplicationFailure f = assertThrows(ApplicationFailure.class, () -> pool.run(wrongKey, "true"));
    assertEquals(Failures.SSH_AUTH_FAILED, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains(otherKey.toString()));
  }

  @Test
  void anUnreachableHostIsRetryable() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var t = sshd.target(false);
    var nowhere = new dev.bosun.workflows.model.HostTarget(
        t.cluster(),
        t.node(),
        t.address(),
        closedPort,
        t.user(),
        t.privateKeyPath(),
        t.knownHostsPath(),
        false,
        null,
        null,
        null);
    ApplicationFailure f = assertThrows(ApplicationFailure.class, () -> pool.run(nowhere, "true"));
    assertEquals(Failures.SSH_UNREACHABLE, f.getType());
    assertTrue(!f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("127.0.0.1:" + closedPort), f.getOriginalMessage());
  }

  @Test
  void anEncryptedKeyIsOpenedWithThePassphraseFromTheNamedEnvironmentVariable() throws Exception {
    // Any variable the test JVM has will do as the passphrase's source; PATH is always set.
    String passphrase = System.getenv("PATH");
    Path encrypted = dir.resolve("id_encrypted");
    var keyPair = EmbeddedSshd.ecKey();
    var ctx = new org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext();
    ctx.setPassword(passphrase);
    ctx.setCipherName("AES");
    ctx.setCipherMode("CTR");
    ctx.setCipherType("256");
    ctx.setKdfRounds(4);
    try (var out = Files.newOutputStream(encrypted)) {
      org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
          .writePrivateKey(keyPair, "enc", ctx, out);
    }
    sshd.server.setPublickeyAuthenticator((user, key, session) ->
        org.apache.sshd.common.config.keys.KeyUtils.compareKeys(key, keyPair.getPublic()));
    var t = sshd.target(false);
    var target = new dev.bosun.workflows.model.HostTarget(
        t.cluster(),
        t.node(),
        t.address(),
        t.port(),
        t.user(),
        encrypted.toString(),
        t.knownHostsPath(),
        false,
        null,
        null,
        null);
    ActivitySettings settings = new ActivitySettings(
        null, null, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5));
    try (SshPool withPassphrase = new SshPool(settings, "PATH")) {
      assertEquals("ok\n", withPassphrase.run(target, "echo ok").stdout());
    }
    try (SshPool without = new SshPool(settings, "BOSUN_TEST_UNSET_VARIABLE")) {
      ApplicationFailure f =
          assertThrows(ApplicationFailure.class, () -> without.run(target, "echo ok"));
      assertEquals(Failures.SSH_AUTH_FAILED, f.getType());
    }
    // The inventory names the variable (ssh.privateKeyPassphraseEnv): it wins over the worker's
    // default.
    var named = new dev.bosun.workflows.model.HostTarget(
        t.cluster(),
        t.node(),
        t.address(),
        t.port(),
        t.user(),
        encrypted.toString(),
        t.knownHostsPath(),
        false,
        null,
        null,
        "PATH");
    try (SshPool workerDefault = new SshPool(settings, "BOSUN_TEST_UNSET_VARIABLE")) {
      assertEquals("ok\n", workerDefault.run(named, "echo ok").stdout());
    }
  }

  @Test
  void theInventorysCommandTimeoutIsTheDefault() {
    var t = sshd.target(false);
    var quick = new dev.bosun.workflows.model.HostTarget(
        t.cluster(),
        t.node(),
        t.address(),
        t.port(),
        t.user(),
        t.privateKeyPath(),
        t.knownHostsPath(),
        false,
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        null);
    long start = System.nanoTime();
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> pool.run(quick, "sleep 20")); // the pool's own default is 30 s
    assertEquals(Failures.COMMAND_TIMEOUT, f.getType());
    assertTrue(f.getOriginalMessage().contains("within 1s"), f.getOriginalMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
  }

  // ---- issue 15, holes 3 and 4: a connection serves only targets with the same trust; TOFU never
  // adds a second key ----

  private HostTarget with(String privateKey, String knownHosts, boolean trustOnFirstUse) {
    HostTarget t = sshd.target(false);
    return new HostTarget(
        t.cluster(),
        t.node(),
        t.address(),
        t.port(),
        t.user(),
        privateKey,
        knownHosts,
        trustOnFirstUse,
        null,
        null,
        null);
  }

  @Test
  void aTargetWithAnotherKeyNeverRunsOnTheConnectionOpenedWithTheAuthorisedOne() throws Exception {
    assertEquals(0, pool.run(sshd.target(false), "true").exitCode());
    Path stranger = dir.resolve("stranger_ecdsa");
    try (OutputStream out = Files.newOutputStream(stranger)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
          EmbeddedSshd.ecKey(), "stranger", null, out);
    }
    Files.setPosixFilePermissions(stranger, PosixFilePermissions.fromString("rw-------"));

    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> pool.run(with(stranger.toString(), sshd.knownHosts.toString(), false), "true"));
    assertEquals(Failures.SSH_AUTH_FAILED, f.getType(), f.getOriginalMessage());
  }

  @Test
  void aTargetWithAnotherKnownHostsFileIsVerifiedAgainstItsOwnFile() throws Exception {
    assertEquals(0, pool.run(sshd.target(false), "true").exitCode());
    Path wrong = dir.resolve("known_hosts_wrong");
    Files.writeString(
        wrong,
        EmbeddedSshd.knownHostsLine(sshd.hostEntry(), EmbeddedSshd.ecKey().getPublic()) + "\n");

    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> pool.run(with(sshd.privateKey.toString(), wrong.toString(), false), "true"));
    assertEquals(Failures.HOST_KEY_MISMATCH, f.getType(), f.getOriginalMessage());
  }

  @Test
  void aTrustOnFirstUseTargetDoesNotShareTheVerifiedConnection() throws Exception {
    assertEquals(0, pool.run(sshd.target(false), "true").exitCode());
    assertEquals(0, pool.run(sshd.target(true), "true").exitCode());
    assertEquals(
        1, pool.connects(sshd.target(true)), "its own connection, with its own verification");
    assertEquals(2, sshd.sessionsCreated.get());
  }

  @Test
  void trustOnFirstUseRefusesANewKeyTypeForAHostPinnedWithAnotherType() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    // The host is known by an RSA key; it now presents an ECDSA key: a different key, whatever its
    // type.
    Files.writeString(
        sshd.knownHosts,
        EmbeddedSshd.knownHostsLine(sshd.hostEntry(), rsa.generateKeyPair().getPublic()) + "\n");
    String before = Files.readString(sshd.knownHosts);

    ApplicationFailure f =
        assertThrows(ApplicationFailure.class, () -> pool.run(sshd.target(true), "true"));
    assertEquals(Failures.HOST_KEY_MISMATCH, f.getType(), f.getOriginalMessage());
    assertEquals(before, Files.readString(sshd.knownHosts), "nothing recorded");
  }

  /** Activities validate their own input: a hostile target is refused before any connection, without echoing it. */
  @Test
  void aTargetBreakingAnInventoryRuleIsRefusedBeforeConnecting() {
    HostTarget t = sshd.target(false);
    HostTarget bad = new HostTarget(
        t.cluster(),
        t.node(),
        "127.0.0.1 -oProxyCommand=touch",
        t.port(),
        t.user(),
        t.privateKeyPath(),
        t.knownHostsPath(),
        false,
        null,
        null,
        null);
    ApplicationFailure f = assertThrows(ApplicationFailure.class, () -> pool.run(bad, "true"));
    assertEquals(Failures.INVALID_INPUT, f.getType());
    assertTrue(
        f.getOriginalMessage().startsWith("host.address of node-1 is not a valid address"),
        f.getOriginalMessage());
    assertTrue(!f.getOriginalMessage().contains("ProxyCommand"), f.getOriginalMessage());
    assertEquals(0, sshd.sessionsCreated.get());
  }
}
