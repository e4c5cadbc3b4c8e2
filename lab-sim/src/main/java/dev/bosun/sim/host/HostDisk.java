package dev.bosun.sim.host;

import java.nio.file.Path;

/**
 * Where a lab host's files live on the real machine for programs that need real bytes (lab-sim's rclone): host path
 * {@code /p} of host {@code h} is {@code <workDir>/hosts/h/p}. A host path never leaves its host's folder ({@code ..}
 * stops at the host's {@code /}, as it does at a real root), so a lab program can never touch the machine's own
 * files. The lab's S3 buckets are {@code <workDir>/s3/<bucket>/<key>} (s3proxy's filesystem layout).
 */
public final class HostDisk {

  private final Path workDir;

  public HostDisk(Path workDir) {
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  /** {@code /a/../b/./c} → {@code /b/c}; a relative path is taken from {@code cwd}. */
  public static String clean(String cwd, String path) {
    String p = path.startsWith("/") ? path : cwd + "/" + path;
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(s);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** The real directory holding host {@code host}'s {@code /}. */
  public Path root(String host) {
    return workDir.resolve("hosts").resolve(host);
  }

  /** The real file behind an absolute, clean host path. */
  public Path real(String host, String hostPath) {
    String clean = clean("/", hostPath);
    return clean.equals("/") ? root(host) : root(host).resolve(clean.substring(1));
  }

  /** The lab's S3 buckets. */
  public Path s3() {
    return workDir.resolve("s3");
  }
}
