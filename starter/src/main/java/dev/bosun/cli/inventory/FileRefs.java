package dev.bosun.cli.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * File references in an inventory: {@code ~} is the operator's home, relative paths are relative to the
 * inventory file's directory (so an inventory and its keys can travel together).
 */
final class FileRefs {

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE);

  private final Path baseDir;
  private final Path home;

  FileRefs(Path baseDir, Path home) {
    this.baseDir = baseDir;
    this.home = home;
  }

  Path resolve(String ref) {
    if (ref.equals("~")) {
      return home;
    }
    if (ref.startsWith("~/")) {
      return home.resolve(ref.substring(2)).normalize();
    }
    Path p = Path.of(ref);
    return p.isAbsolute() ? p.normalize() : baseDir.resolve(p).toAbsolutePath().normalize();
  }

  /** Null when {@code file} is a readable regular file, else why not. */
  static String unreadable(Path file) {
    if (!Files.exists(file)) {
      return "does not exist (" + file + ")";
    }
    if (!Files.isRegularFile(file)) {
      return "is not a regular file (" + file + ")";
    }
    if (!Files.isReadable(file)) {
      return "is not readable by this user (" + file + ")";
    }
    return null;
  }

  /** The file's text, or "" when it cannot be read or is larger than {@code maxBytes} (the reader then says what is wrong). */
  static String text(Path file, long maxBytes) {
    try {
      return Files.size(file) > maxBytes ? "" : Files.readString(file);
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }

  /** Null when only the owner may read the key (or the file system has no POSIX permissions). */
  static String tooOpen(Path key) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(key);
      Set<PosixFilePermission> open = EnumSet.copyOf(GROUP_OR_OTHERS);
      open.retainAll(perms);
      if (open.isEmpty()) {
        return null;
      }
      return "is readable or writable by group/others (" + PosixFilePermissions.toString(perms)
          + "), and ssh refuses such keys: run chmod 600 " + key;
    } catch (UnsupportedOperationException | IOException e) {
      return null;
    }
  }
}
