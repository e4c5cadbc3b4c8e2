package dev.bosun.workflows.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The sentinel's payload, derived from its UUID and time only: the backup writes it, and the drill derives the
 * checksum a restored sentinel must have from the UUID and time it carries. One formula for both.
 */
public final class SentinelPayload {

  private SentinelPayload() {}

  /** The payload's text: {@code bosun sentinel <uuid> written <RFC 3339 time>\n}. */
  public static String payload(String uuid, long writtenAtMillis) {
    return "bosun sentinel " + uuid + " written " + Instant.ofEpochMilli(writtenAtMillis) + "\n";
  }

  /** The hex SHA-256 of {@link #payload}. */
  public static String sha256(String uuid, long writtenAtMillis) {
    return sha256(payload(uuid, writtenAtMillis));
  }

  /** The hex SHA-256 of a text's UTF-8 bytes. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
