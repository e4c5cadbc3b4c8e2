package dev.bosun.activities.ssh;

import dev.bosun.workflows.model.HostTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;

/** A real SSH server in the test JVM running commands with /bin/sh, plus a client key and known_hosts. */
public final class EmbeddedSshd implements AutoCloseable {

  final SshServer server;
  final KeyPair hostKey;
  final Path privateKey;
  final Path knownHosts;
  final AtomicInteger sessionsCreated = new AtomicInteger();

  public EmbeddedSshd(Path dir) throws Exception {
    this(dir, ProcessShellCommandFactory.INSTANCE);
  }

  public EmbeddedSshd(Path dir, org.apache.sshd.server.command.CommandFactory commands)
      throws Exception {
    hostKey = ecKey();
    KeyPair userKey = ecKey();
    privateKey = dir.resolve("id_ecdsa");
    try (OutputStream out = Files.newOutputStream(privateKey)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "bosun@test", null, out);
    }
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) -> KeyUtils.compareKeys(key, userKey.getPublic()));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCommandFactory(commands);
    server.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        sessionsCreated.incrementAndGet();
      }
    });
    server.start();
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, knownHostsLine(hostEntry(), hostKey.getPublic()) + "\n");
  }

  public int port() {
    return server.getPort();
  }

  String hostEntry() {
    return "[127.0.0.1]:" + port();
  }

  public HostTarget target(boolean trustOnFirstUse) {
    return new HostTarget(
        "lab",
        "node-1",
        "127.0.0.1",
        port(),
        "bosun",
        privateKey.toString(),
        knownHosts.toString(),
        trustOnFirstUse,
        null,
        null,
        null);
  }

  int activeSessions() {
    return server.getActiveSessions().size();
  }

  /** Drops every connection from the server side, as a reboot or a network cut would. */
  void dropConnections() {
    server.getActiveSessions().forEach(s -> s.close(true));
  }

  static KeyPair ecKey() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    return gen.generateKeyPair();
  }

  static String knownHostsLine(String host, PublicKey key) {
    return host + " " + KeyType.fromKey(key) + " "
        + Base64.getEncoder()
            .encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
  }

  /** The hashed form ssh-keygen -H writes: |1|base64(salt)|base64(HMAC-SHA1(salt, host)). */
  static String hashedKnownHostsLine(String host, PublicKey key) throws Exception {
    byte[] salt = new byte[20];
    new java.security.SecureRandom().nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
    Base64.Encoder b64 = Base64.getEncoder();
    return knownHostsLine("|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash), key);
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
