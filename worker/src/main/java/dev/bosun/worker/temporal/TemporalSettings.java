package dev.bosun.worker.temporal;

import dev.bosun.worker.codec.CodecKeys;

/**
 * Where and how to reach Temporal, with the Temporal CLI's conventions (flags, then TEMPORAL_* env vars,
 * then defaults). Shared by the CLI and the worker.
 *
 * @param address host:port; null means "no server given" (commands that can, run embedded)
 * @param namespace default "default"
 * @param taskQueue default "bosun"
 * @param tlsCertPath client certificate for mTLS (TEMPORAL_TLS_CERT)
 * @param tlsKeyPath client key for mTLS (TEMPORAL_TLS_KEY)
 * @param tlsCaPath server CA (TEMPORAL_TLS_CA)
 * @param apiKeyEnv the environment variable that holds the API key (Temporal Cloud); its value is read at
 *     connect time and never logged
 * @param codec payload encryption keys (null: payloads are plain JSON); clients built from these settings encrypt
 *     with the current key and decrypt with any of them
 */
public record TemporalSettings(
    String address,
    String namespace,
    String taskQueue,
    String tlsCertPath,
    String tlsKeyPath,
    String tlsCaPath,
    String apiKeyEnv,
    CodecKeys codec) {

  public static final String DEFAULT_NAMESPACE = "default";

  /** Without payload encryption. */
  public TemporalSettings(
      String address,
      String namespace,
      String taskQueue,
      String tlsCertPath,
      String tlsKeyPath,
      String tlsCaPath,
      String apiKeyEnv) {
    this(address, namespace, taskQueue, tlsCertPath, tlsKeyPath, tlsCaPath, apiKeyEnv, null);
  }

  /** The same settings with these payload keys (null: none). */
  public TemporalSettings withCodec(CodecKeys keys) {
    return new TemporalSettings(
        address, namespace, taskQueue, tlsCertPath, tlsKeyPath, tlsCaPath, apiKeyEnv, keys);
  }

  /** Half an mTLS pair is refused: a key alone was silently ignored and the connection stayed plaintext. */
  public TemporalSettings {
    if (tlsKeyPath != null && tlsCertPath == null) {
      throw new IllegalArgumentException(
          "a TLS key (--tls-key-path, TEMPORAL_TLS_KEY) was given without its client certificate"
              + " (--tls-cert-path, TEMPORAL_TLS_CERT): give both for mTLS, or neither");
    }
    if (tlsCertPath != null && tlsKeyPath == null) {
      throw new IllegalArgumentException(
          "a TLS client certificate (--tls-cert-path, TEMPORAL_TLS_CERT) was given without its key"
              + " (--tls-key-path, TEMPORAL_TLS_KEY): give both for mTLS, or neither");
    }
  }

  public static final String API_KEY_ENV = "TEMPORAL_API_KEY";

  public boolean embedded() {
    return address == null || address.isBlank();
  }

  public boolean tls() {
    return tlsCertPath != null || tlsCaPath != null || apiKeyEnv != null;
  }
}
