package dev.bosun.activities.ssh;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.FileDigest;
import dev.bosun.workflows.model.HostTarget;

/**
 * Everything that decides whether a pooled connection may serve a target: the endpoint and user, the
 * private key (path and a digest of the file, so a replaced key is a new identity), the known_hosts file,
 * the host-key policy and the passphrase variable. Two workflows (or inventories) share a connection only
 * when all of it is equal; otherwise one would run on a session authenticated with the other's key or
 * verified by the other's trust decision.
 *
 * @param keyDigest SHA-256 of the private key file's bytes ("unreadable" when it cannot be read: connecting
 *     then fails with the reason); a digest, never the key, and not logged
 */
public record SshTrust(
    SshEndpoint endpoint,
    String privateKey,
    String keyDigest,
    String knownHosts,
    boolean trustOnFirstUse,
    String passphraseEnv) {

  static final String DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts";

  /** The trust {@code host} asks for, with the worker's defaults for what it leaves out. */
  public static SshTrust of(
      HostTarget host, ActivitySettings settings, String defaultPassphraseEnv) {
    String key =
        host.privateKeyPath() != null ? host.privateKeyPath() : settings.defaultPrivateKey();
    String knownHosts = host.knownHostsPath() != null
        ? host.knownHostsPath()
        : settings.defaultKnownHosts() != null ? settings.defaultKnownHosts() : DEFAULT_KNOWN_HOSTS;
    String passphraseEnv = host.privateKeyPassphraseEnv() != null
            && !host.privateKeyPassphraseEnv().isBlank()
        ? host.privateKeyPassphraseEnv()
        : defaultPassphraseEnv;
    String keyPath = key == null ? null : expandHome(key);
    return new SshTrust(
        SshEndpoint.of(host),
        keyPath,
        keyPath == null ? "none" : FileDigest.sha256(keyPath),
        expandHome(knownHosts),
        host.trustOnFirstUse(),
        passphraseEnv);
  }

  static String expandHome(String path) {
    return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
  }

  /** Only the endpoint: the rest identifies credentials and stays out of logs. */
  @Override
  public String toString() {
    return endpoint.toString();
  }
}
