package dev.bosun.workflows.model;

import java.time.Duration;

/**
 * How the worker reaches the nodes. Only references: the private key is a file path on the worker,
 * its passphrase (if any) the name of an environment variable.
 *
 * @param trustOnFirstUse accept and record unknown host keys; off unless asked for explicitly
 */
public record SshSpec(
    String user,
    String privateKey,
    String knownHosts,
    int port,
    boolean trustOnFirstUse,
    String privateKeyPassphraseEnv,
    Duration connectTimeout,
    Duration commandTimeout) {

  public static final int DEFAULT_PORT = 22;
}
