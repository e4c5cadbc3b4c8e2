package dev.bosun.activities.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;

/**
 * known_hosts verification for one connection (plain and hashed entries, {@code [addr]:port} for other
 * ports, {@code @revoked} and {@code @cert-authority} as sshj handles them) over the pool's shared parsed
 * file, remembering why it refused a key so the connect failure can name the host and the presented key's
 * fingerprint. Unknown keys are accepted and recorded only when trust-on-first-use was asked for.
 */
final class KnownHostsVerifier implements HostKeyVerifier {

  /** Why the last key was refused, or null. */
  record Rejection(String type, String hostEntry, String keyType, String fingerprint) {}

  private final KnownHostsFiles files;
  private final Path file;
  private final boolean trustOnFirstUse;
  private final List<KnownHostEntry> entries;
  private volatile Rejection rejection;

  /** @throws IOException when the file exists but cannot be read */
  KnownHostsVerifier(KnownHostsFiles files, Path file, boolean trustOnFirstUse) throws IOException {
    this.files = files;
    this.file = file;
    this.trustOnFirstUse = trustOnFirstUse;
    this.entries = files.entries(file);
  }

  Rejection rejection() {
    return rejection;
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    KeyType type = KeyType.fromKey(key);
    if (type == KeyType.UNKNOWN) {
      return false;
    }
    String host = entryName(hostname, port);
    return switch (KnownHostsFiles.verdict(entries, type, host, key)) {
      case ACCEPTED -> true;
      case CHANGED -> reject("changed", host, key);
      case UNREADABLE -> false;
      case UNKNOWN -> trustOnFirstUse ? trust(host, key) : reject("unknown", host, key);
    };
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return KnownHostsFiles.algorithms(entries, entryName(hostname, port));
  }

  private boolean trust(String host, PublicKey key) {
    try {
      return switch (files.trust(file, host, key)) {
        case ACCEPTED -> true;
        case CHANGED ->
          reject("changed", host, key); // another connection recorded a different key first
        case UNKNOWN, UNREADABLE -> false;
      };
    } catch (IOException e) {
      return reject("unknown (could not record it: " + e.getMessage() + ")", host, key);
    }
  }

  private boolean reject(String why, String host, PublicKey key) {
    rejection = new Rejection(why, host, KeyType.fromKey(key).toString(), fingerprint(key));
    return false;
  }

  /** How known_hosts names the host: lower case, {@code [host]:port} unless the port is 22. */
  private static String entryName(String hostname, int port) {
    String lower = hostname.toLowerCase(java.util.Locale.ROOT);
    return port != 22 ? "[" + lower + "]:" + port : lower;
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
