package dev.bosun.sim.programs.rclone;

import dev.bosun.sim.host.HostDisk;
import dev.bosun.sim.host.HostState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rclone's {@code remote:path} and local paths on one lab host, resolved to an {@link RcloneFs}. Remotes come from
 * the config file ({@code --config}, default {@code ~/.config/rclone/rclone.conf}) read on the host like any of its
 * files. Types: {@code local}, {@code alias} ({@code remote =} a directory or another remote) and {@code s3} whose
 * {@code endpoint} is the lab's ({@link #LAB_S3_ENDPOINT}, buckets under {@code <workDir>/s3}); anything else fails
 * as rclone fails for a remote it cannot find.
 */
final class RcloneRemotes {

  /** The S3 endpoint a sim lab names in its configs; never opened: its buckets are the lab's s3 folder. */
  static final String LAB_S3_ENDPOINT = "http://s3.lab-sim.invalid";

  static final String DEFAULT_CONFIG = "/home/bosun/.config/rclone/rclone.conf";

  /** rclone's remote name: letters, digits, {@code _ - . + @} and spaces, not starting with {@code -} or space. */
  private static final Pattern REMOTE =
      Pattern.compile("([\\w.+@][\\w.+@ -]*):(.*)", Pattern.DOTALL);

  /** A failure that ends the command: exit code and rclone's closing line. */
  static final class Failure extends RuntimeException {
    final int exitCode;
    /** What the command had written to stdout before it failed ({@code check --combined -}). */
    final String stdout;

    Failure(int exitCode, String message) {
      this(exitCode, message, "");
    }

    Failure(int exitCode, String message, CharSequence stdout) {
      super(message);
      this.exitCode = exitCode;
      this.stdout = stdout.toString();
    }
  }

  private final HostDisk disk;
  private final HostState host;
  private final String cwd;
  private final String configPath;
  private final RcloneLog log;
  private Map<String, Map<String, String>> sections;

  RcloneRemotes(HostDisk disk, HostState host, String cwd, String configPath, RcloneLog log) {
    this.disk = disk;
    this.host = host;
    this.cwd = cwd;
    this.configPath = configPath == null ? DEFAULT_CONFIG : HostDisk.clean(cwd, configPath);
    this.log = log;
  }

  RcloneFs resolve(String spec) {
    return resolve(spec, spec, 0);
  }

  private RcloneFs resolve(String original, String spec, int depth) {
    Matcher m = REMOTE.matcher(spec);
    if (spec.startsWith(":")) {
      throw notFound(original, "connection strings are not supported by lab-sim's rclone");
    }
    if (!m.matches() || m.group(1).contains("/")) {
      return local(spec);
    }
    String name = m.group(1);
    String path = m.group(2);
    Map<String, String> section = sections().get(name);
    if (section == null) {
      throw notFound(original, null);
    }
    String type = section.getOrDefault("type", "");
    switch (type) {
      case "local" -> {
        return local(path.isEmpty() ? cwd : path);
      }
      case "alias" -> {
        String remote = section.getOrDefault("remote", "");
        if (remote.isEmpty() || depth > 8) {
          throw notFound(original, "alias \"" + name + "\" has no usable remote");
        }
        String joined = path.isEmpty()
            ? remote
            : remote.endsWith(":") || remote.endsWith("/") ? remote + path : remote + "/" + path;
        return resolve(original, joined, depth + 1);
      }
      case "s3" -> {
        if (!labEndpoint(section.get("endpoint"))) {
          throw notFound(
              original,
              "remote \"" + name + "\" is s3 at " + section.get("endpoint")
                  + ", lab-sim serves only " + LAB_S3_ENDPOINT);
        }
        String clean = HostDisk.clean("/", path).substring(1);
        if (clean.isEmpty()) {
          throw notFound(original, "lab-sim's rclone needs a bucket (remote:bucket/path)");
        }
        int slash = clean.indexOf('/');
        return slash < 0
            ? RcloneFs.s3(disk.s3(), clean, "")
            : RcloneFs.s3(disk.s3(), clean.substring(0, slash), clean.substring(slash + 1));
      }
      default ->
        throw notFound(
            original,
            "remote \"" + name + "\" has type \"" + type
                + "\"; lab-sim's rclone knows local, alias and s3");
    }
  }

  private RcloneFs local(String path) {
    return RcloneFs.local(disk.root(host.name()), HostDisk.clean(cwd, path), host.files());
  }

  private static boolean labEndpoint(String endpoint) {
    if (endpoint == null) {
      return false;
    }
    try {
      String h = URI.create(endpoint).getHost();
      return h != null && (h.equals("lab-sim.invalid") || h.endsWith(".lab-sim.invalid"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Failure notFound(String spec, String why) {
    return new Failure(
        1,
        "Failed to create file system for \"" + spec + "\": didn't find section in config file"
            + (why == null ? "" : " (" + why + ")"));
  }

  /** The config's sections, read once; a missing file is rclone's NOTICE and no remotes. */
  private Map<String, Map<String, String>> sections() {
    if (sections != null) {
      return sections;
    }
    String text = host.files().get(configPath);
    Path real = disk.real(host.name(), configPath);
    if (text == null && Files.isRegularFile(real)) {
      try {
        text = Files.readString(real);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    sections = new LinkedHashMap<>();
    if (text == null) {
      log.log(
          RcloneLog.Level.NOTICE,
          "Config file \"" + configPath + "\" not found - using defaults",
          null,
          null,
          "config/config.go:414");
      return sections;
    }
    Map<String, String> current = null;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = new LinkedHashMap<>();
        sections.put(line.substring(1, line.length() - 1).strip(), current);
      } else if (current != null && line.contains("=")) {
        int eq = line.indexOf('=');
        current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return sections;
  }
}
