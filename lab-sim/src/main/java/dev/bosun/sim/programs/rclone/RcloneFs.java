package dev.bosun.sim.programs.rclone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One place rclone reads or writes, as rclone's backends see it: a host's directory ({@code local}, or an {@code
 * alias} of one) or a prefix of a lab bucket ({@code s3}: no directories of its own, only key prefixes). Bytes are
 * real files ({@link dev.bosun.sim.host.HostDisk}); on a host, files the lab's shell holds in memory under the same
 * path ({@code cat > f}, {@code tee}) are read as part of the directory, so a file uploaded over SSH is what rclone
 * copies. Symbolic links are not followed.
 */
final class RcloneFs {

  enum Kind {
    LOCAL,
    S3
  }

  /** A file under the root: its path relative to the root, size and modification time. */
  record Entry(String path, long size, Instant modTime) {}

  private final Kind kind;
  private final Path real;
  private final String description;
  /** The host's in-memory files (absolute host path → content); null for s3. */
  private final Map<String, String> memory;
  /** local: the root's absolute host path; s3: {@code bucket} or {@code bucket/dir}. */
  private final String hostPath;
  /** local: the real folder of the host's {@code /}; s3: the real folder of the lab's buckets. */
  private final Path base;

  private RcloneFs(
      Kind kind, Path base, String hostPath, String description, Map<String, String> memory) {
    this.kind = kind;
    this.base = base;
    this.hostPath = hostPath;
    this.real = hostPath.equals("/") ? base : base.resolve(hostPath.replaceFirst("^/", ""));
    this.description = description;
    this.memory = memory;
  }

  static RcloneFs local(Path hostRoot, String hostPath, Map<String, String> memory) {
    return new RcloneFs(Kind.LOCAL, hostRoot, hostPath, "Local file system at " + hostPath, memory);
  }

  static RcloneFs s3(Path bucketsDir, String bucket, String dir) {
    String d = dir.isEmpty() ? "S3 bucket " + bucket : "S3 bucket " + bucket + " path " + dir;
    return new RcloneFs(Kind.S3, bucketsDir, dir.isEmpty() ? bucket : bucket + "/" + dir, d, null);
  }

  /** How rclone names this root in its log ({@code Local file system at /srv/nas/x}, {@code S3 bucket b path p}). */
  String describe() {
    return description;
  }

  String objectType() {
    return kind == Kind.LOCAL ? "*local.Object" : "*s3.Object";
  }

  String fsType() {
    return kind == Kind.LOCAL ? "*local.Fs" : "*s3.Fs";
  }

  Kind kind() {
    return kind;
  }

  /** The root is a directory (s3: its bucket exists). */
  boolean exists() {
    if (kind
        == Kind
            .S3) { // a prefix with no objects lists as empty, not as missing (only the bucket can
      // be)
      return Files.isDirectory(base.resolve(hostPath.split("/")[0]), LinkOption.NOFOLLOW_LINKS);
    }
    return Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)
        || memory.keySet().stream().anyMatch(k -> k.startsWith(prefix()));
  }

  /** The root names a file rather than a directory. */
  boolean isFile() {
    return Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)
        || memory != null && memory.containsKey(hostPath) && !hostPath.endsWith("/");
  }

  /** Every file under the root, recursively. */
  SortedMap<String, Entry> files() {
    SortedMap<String, Entry> out = new TreeMap<>();
    if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> walk = Files.walk(real)) {
        for (Path p :
            walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
          String rel = real.relativize(p).toString();
          out.put(
              rel, new Entry(rel, Files.size(p), Files.getLastModifiedTime(p).toInstant()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (memory != null) {
      Instant now = Instant.now();
      memory.forEach((k, v) -> {
        if (k.startsWith(prefix()) && !k.endsWith("/")) {
          String rel = k.substring(prefix().length());
          out.put(rel, new Entry(rel, v.getBytes(StandardCharsets.UTF_8).length, now));
        }
      });
    }
    return out;
  }

  /** Every directory under the root, relative to it (s3: the prefixes of its objects). */
  SortedSet<String> dirs() {
    SortedSet<String> out = new TreeSet<>();
    for (String f : files().keySet()) {
      for (int i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) {
        out.add(f.substring(0, i));
      }
    }
    if (kind == Kind.LOCAL) {
      if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> walk = Files.walk(real)) {
          walk.filter(d -> !d.equals(real) && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
              .forEach(d -> out.add(real.relativize(d).toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      memory.keySet().stream()
          .filter(k ->
              k.startsWith(prefix()) && k.endsWith("/") && k.length() > prefix().length())
          .forEach(k -> out.add(k.substring(prefix().length(), k.length() - 1)));
    }
    return out;
  }

  /** A directory's modification time; s3 has none (rclone shows Go's zero time). */
  Instant dirModTime(String rel) {
    Path d = real.resolve(rel);
    try {
      return kind == Kind.LOCAL && Files.isDirectory(d)
          ? Files.getLastModifiedTime(d).toInstant()
          : Instant.parse("0001-01-01T00:00:00Z");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] read(String rel) {
    if (memory != null && memory.containsKey(prefix() + rel)) {
      return memory.get(prefix() + rel).getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Files.readAllBytes(file(rel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file's MD5, read through (a large file is never held in memory). */
  String md5(String rel) {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (memory != null && memory.containsKey(prefix() + rel)) {
      return HexFormat.of().formatHex(md5.digest(read(rel)));
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file(rel)), md5)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  /** Copies one file of {@code from} here, with its modification time (as rclone sets it). */
  void copyIn(RcloneFs from, String fromRel, String rel, Instant modTime) {
    Path to = file(rel);
    try {
      Files.createDirectories(to.getParent());
      if (from.memory != null && from.memory.containsKey(from.prefix() + fromRel)) {
        Files.write(to, from.read(fromRel));
      } else {
        Files.copy(
            from.file(fromRel),
            to,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            LinkOption.NOFOLLOW_LINKS);
      }
      Files.setLastModifiedTime(to, FileTime.from(modTime));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String rel, byte[] bytes) {
    Path to = file(rel);
    try {
      Files.createDirectories(to.getParent());
      Files.write(to, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void setModTime(String rel, Instant modTime) {
    try {
      Files.setLastModifiedTime(file(rel), FileTime.from(modTime));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(String rel) {
    try {
      Files.deleteIfExists(file(rel));
      if (memory != null) {
        memory.remove(prefix() + rel);
      }
      if (kind == Kind.S3) { // a prefix without objects is gone
        for (Path d = file(rel).getParent(); !d.equals(real) && isEmptyDir(d); d = d.getParent()) {
          Files.delete(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The root and everything under it. */
  void purge() {
    if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> walk = Files.walk(real)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (memory != null) {
      memory.keySet().removeIf(k -> k.startsWith(prefix()) || k.equals(hostPath + "/"));
    }
  }

  /** This root's parent and its own name: a file root seen as one entry of a directory. */
  RcloneFs parent() {
    int slash = hostPath.lastIndexOf('/');
    if (kind == Kind.S3) {
      String bucket = hostPath.split("/")[0];
      String dir = hostPath.substring(0, slash).substring(bucket.length()).replaceFirst("^/", "");
      return s3(base, bucket, dir);
    }
    return local(base, slash == 0 ? "/" : hostPath.substring(0, slash), memory);
  }

  /** The real file or folder behind the root. */
  Path realPath() {
    return real;
  }

  String name() {
    return real.getFileName().toString();
  }

  private Path file(String rel) {
    Path p = real.resolve(rel).normalize();
    if (!p.startsWith(real)) {
      throw new IllegalArgumentException("outside the root: " + rel);
    }
    return p;
  }

  private String prefix() {
    return hostPath.equals("/") ? "/" : hostPath + "/";
  }

  private static boolean isEmptyDir(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.findAny().isEmpty();
    }
  }
}
