package dev.bosun.worker.config;

import dev.bosun.worker.codec.CodecKeys;
import dev.bosun.worker.codec.KeyRef;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * {@code bosun.temporal.codec.*}: payload encryption (AES-256-GCM, {@link dev.bosun.worker.codec.AesGcmPayloadCodec}).
 * Off unless a key is named. Only references: the key lives in a file or an environment variable.
 *
 * @param keyId id of the current key, written into every payload it encrypts
 * @param keyFile file holding the current key (32 bytes, base64)
 * @param keyEnv name of the environment variable holding the current key (instead of a file)
 * @param oldKeys keys that only decrypt (after a rotation): {@code id=file:/path} or {@code id=env:NAME}, a list or
 *     comma-separated
 */
@ConfigurationProperties("bosun.temporal.codec")
public record CodecConfig(
    @Nullable String keyId,
    @Nullable String keyFile,
    @Nullable String keyEnv,
    @Nullable List<String> oldKeys) {

  static final String PREFIX = "bosun.temporal.codec.";

  public CodecConfig {
    keyId = Settings.blankToNull(keyId);
    keyFile = Settings.blankToNull(keyFile);
    keyEnv = Settings.blankToNull(keyEnv);
    oldKeys = oldKeys == null
        ? List.of()
        : oldKeys.stream().filter(s -> s != null && !s.isBlank()).toList();
  }

  public static CodecConfig off() {
    return new CodecConfig(null, null, null, null);
  }

  public boolean enabled() {
    return keyFile != null || keyEnv != null || keyId != null || !oldKeys.isEmpty();
  }

  /** The keyring, or null when encryption is off; a bad setting throws naming it. */
  public CodecKeys load(Map<String, String> env) {
    if (!enabled()) {
      return null;
    }
    if (keyFile != null && keyEnv != null) {
      throw new IllegalArgumentException(
          PREFIX + "key-file and " + PREFIX + "key-env are both set: give the key one way");
    }
    if (keyFile == null && keyEnv == null) {
      throw new IllegalArgumentException(
          PREFIX + "key-file or " + PREFIX + "key-env is required when " + PREFIX + "key-id or "
              + PREFIX + "old-keys is set (the current key encrypts new payloads)");
    }
    if (keyId == null) {
      throw new IllegalArgumentException(
          PREFIX + "key-id is required with a key (e.g. 2026-12): it goes into every"
              + " payload, so a new key needs a new id");
    }
    KeyRef current = keyFile != null
        ? KeyRef.file(keyId, keyFile, PREFIX + "key-file")
        : KeyRef.env(keyId, keyEnv, PREFIX + "key-env");
    return CodecKeys.load(current, CodecKeys.parseOldKeys(oldKeys, PREFIX + "old-keys"), env);
  }
}
