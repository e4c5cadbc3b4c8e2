package dev.bosun.activities.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * known_hosts verification (plain and hashed entries, {@code [addr]:port} for other ports) that remembers
 * why it refused a key, so the connect failure can name the host and the presented key's fingerprint.
 * Unknown keys are accepted and appended only when trust-on-first-use was asked for.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {

  /** Why the last key was refused, or null. */
  record Rejection(String type, String hostEntry, String keyType, String fingerprint) {}

  private final boolean trustOnFirstUse;
  private volatile Rejection rejection;

  KnownHostsVerifier(File knownHosts, boolean trustOnFirstUse) throws IOException {
    super(prepare(knownHosts, trustOnFirstUse));
    this.trustOnFirstUse = trustOnFirstUse;
  }

  private static File prepare(File file, boolean trustOnFirstUse) throws IOException {
    if (!file.exists() && trustOnFirstUse) {
      File dir = file.getAbsoluteFile().getParentFile();
      if (dir != null) {
        Files.createDirectories(dir.toPath());
      }
      Files.createFile(file.toPath());
    }
    return file;
  }

  Rejection rejection() {
    return rejection;
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    if (!trustOnFirstUse) {
      rejection = new Rejection("unknown", hostname, KeyType.fromKey(key).toString(), fingerprint(key));
      return false;
    }
    try {
      HostEntry entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
      entries().add(entry);
      write(entry);
      return true;
    } catch (IOException e) {
      rejection = new Rejection("unknown (could not record it: " + e.getMessage() + ")", hostname,
          KeyType.fromKey(key).toString(), fingerprint(key));
      return false;
    }
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    rejection = new Rejection("changed", hostname, KeyType.fromKey(key).toString(), fingerprint(key));
    return false;
  }

  /** OpenSSH's form: SHA256: and the unpadded base64 of the SHA-256 of the key blob. */
  static String fingerprint(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
