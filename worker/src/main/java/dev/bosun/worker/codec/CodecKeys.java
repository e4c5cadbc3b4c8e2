package dev.bosun.worker.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payload keyring: the current key (encrypts every new payload) and older keys (only decrypt, so
 * histories written before a rotation stay readable). Loaded from {@link KeyRef references}; every error
 * names the setting and where it pointed, never a byte of a key. {@link #toString()} lists ids only.
 */
public final class CodecKeys {

  /** Key ids: what goes into payload metadata; short and printable. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** Environment variable names. */
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public static final int KEY_BYTES = 32;

  private final String currentId;
  private final Map<String, SecretKey> keys;

  private CodecKeys(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = Collections.unmodifiableMap(keys);
  }

  /**
   * Reads the keys.
   *
   * @param current the key new payloads are encrypted with
   * @param old keys that still decrypt (rotation); may be empty
   * @param env the environment, for {@link KeyRef#env()} references
   * @throws IllegalArgumentException naming the setting: bad id, duplicate id, unreadable file, unset variable,
   *     not base64, not 32 bytes
   */
  public static CodecKeys load(KeyRef current, List<KeyRef> old, Map<String, String> env) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    List<KeyRef> all = new ArrayList<>();
    all.add(current);
    all.addAll(old);
    for (KeyRef ref : all) {
      if (ref.id() == null || !ID.matcher(ref.id()).matches()) {
        throw new IllegalArgumentException(
            ref.setting() + ": the key id must be 1-64 letters, digits, '.', '_' or '-'"
                + " (starting with a letter or digit)");
      }
      if (keys.containsKey(ref.id())) {
        throw new IllegalArgumentException(
            ref.setting() + ": key id " + ref.id() + " is given twice; every key needs its own id");
      }
      keys.put(ref.id(), read(ref, env));
    }
    return new CodecKeys(current.id(), keys);
  }

  /**
   * Parses older keys written {@code id=file:/path} or {@code id=env:NAME} (one per entry; entries may also be
   * separated by commas).
   */
  public static List<KeyRef> parseOldKeys(List<String> entries, String setting) {
    List<KeyRef> refs = new ArrayList<>();
    if (entries == null) {
      return refs;
    }
    for (String raw : entries) {
      for (String entry : raw.split(",")) {
        String e = entry.strip();
        if (e.isEmpty()) {
          continue;
        }
        int eq = e.indexOf('=');
        String id = eq < 0 ? "" : e.substring(0, eq).strip();
        String where = eq < 0 ? "" : e.substring(eq + 1).strip();
        if (where.startsWith("file:") && where.length() > 5) {
          refs.add(KeyRef.file(id, where.substring(5), setting + " (key " + id + ")"));
        } else if (where.startsWith("env:") && where.length() > 4) {
          refs.add(KeyRef.env(id, where.substring(4), setting + " (key " + id + ")"));
        } else {
          throw new IllegalArgumentException(
              setting + ": each older key is written id=file:/path or id=env:VARIABLE"
                  + " (e.g. k1=file:/etc/bosun/codec-k1.key)");
        }
      }
    }
    return refs;
  }

  private static SecretKey read(KeyRef ref, Map<String, String> env) {
    if ((ref.file() == null) == (ref.env() == null)) {
      throw new IllegalArgumentException(ref.setting()
          + ": give the key as a file or as an environment variable name, exactly one");
    }
    String text;
    if (ref.file() != null) {
      Path path = Path.of(ref.file());
      try {
        text = Files.readString(path, StandardCharsets.US_ASCII);
      } catch (IOException | RuntimeException e) {
        // the exception's own text is the path and the reason, never content
        throw new IllegalArgumentException(ref.setting() + ": cannot read the key file "
            + ref.file() + " (" + e.getClass().getSimpleName() + ")");
      }
    } else {
      if (!ENV.matcher(ref.env()).matches()) {
        throw new IllegalArgumentException(
            ref.setting() + ": expects the NAME of an environment variable (letters, digits, '_'),"
                + " not its value");
      }
      text = env.get(ref.env());
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException(
            ref.setting() + ": environment variable " + ref.env() + " (the key) is not set");
      }
    }
    byte[] bytes;
    try {
      bytes = java.util.Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ref.setting() + ": the key in " + ref.where()
          + " is not base64" + " (make one with: head -c 32 /dev/urandom | base64)");
    }
    try {
      if (bytes.length != KEY_BYTES) {
        throw new IllegalArgumentException(ref.setting() + ": the key in " + ref.where() + " is "
            + bytes.length + " bytes; AES-256 needs " + KEY_BYTES
            + " (make one with: head -c 32 /dev/urandom | base64)");
      }
      return new SecretKeySpec(bytes, "AES");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The id new payloads carry. */
  public String currentId() {
    return currentId;
  }

  SecretKey current() {
    return keys.get(currentId);
  }

  /** The key with this id, or null. */
  SecretKey get(String id) {
    return keys.get(id);
  }

  /** Every id, current first. */
  public List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  @Override
  public String toString() {
    return "CodecKeys[current=" + currentId + ", ids=" + keys.keySet() + "]";
  }
}
