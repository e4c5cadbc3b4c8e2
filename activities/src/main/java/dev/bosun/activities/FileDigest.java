package dev.bosun.activities;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The identity of a credentials file (a private key, a kubeconfig): a replaced file is another identity. */
public final class FileDigest {

  /** What {@link #sha256} returns for a file it cannot read: whoever uses the file then fails with the reason. */
  public static final String UNREADABLE = "unreadable";

  private FileDigest() {}

  /** Hex SHA-256 of the file's bytes: a digest, never the content, and not for logs. */
  public static String sha256(String path) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(path))));
    } catch (IOException | InvalidPathException e) {
      return UNREADABLE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
