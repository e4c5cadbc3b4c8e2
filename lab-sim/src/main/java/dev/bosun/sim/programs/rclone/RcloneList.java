package dev.bosun.sim.programs.rclone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code rclone lsjson [-R] [--max-depth N] [--files-only|--dirs-only] [--hash --hash-type MD5] [--include GLOB]
 * PATH}: rclone 1.60's array, one entry a line ({@code Path, Name, Size, MimeType, ModTime, IsDir[, Hashes][,
 * Tier]}, the tier on s3 objects;
 * directories {@code Size -1} (s3: 0), {@code inode/directory}); MIME types by extension as on a Debian host. A missing
 * directory prints {@code [} and fails with exit 3.
 */
final class RcloneList {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Go's RFC3339Nano: nanoseconds without trailing zeros. */
  private static final DateTimeFormatter MOD_TIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .appendLiteral('Z')
      .toFormatter()
      .withZone(ZoneOffset.UTC);

  private static final Map<String, String> MIME = Map.of(
      "json", "application/json",
      "gz", "application/gzip",
      "txt", "text/plain; charset=utf-8",
      "yaml", "application/yaml",
      "xml", "text/xml; charset=utf-8",
      "html", "text/html; charset=utf-8",
      "tar", "application/x-tar");

  private RcloneList() {}

  static String run(RcloneFs fs, RcloneArgs a, RcloneLog log) {
    if (!fs.exists()) {
      log.log(RcloneLog.Level.ERROR, "error listing: directory not found", "", null, null);
      throw new RcloneRemotes.Failure(
          3,
          "Failed to lsjson with 2 errors: last error was: error in ListJSON: directory not found",
          "[\n");
    }
    boolean recursive = a.has("-R") || a.has("--recursive");
    int maxDepth = a.has("--max-depth") ? Integer.parseInt(a.flag("--max-depth")) : -1;
    int depth = !recursive ? 1 : maxDepth < 0 ? Integer.MAX_VALUE : maxDepth;
    Pattern include = a.has("--include") ? glob(a.flag("--include")) : null;
    List<String> lines = new ArrayList<>();
    if (!a.has("--files-only")) {
      for (String d : fs.dirs()) {
        if (levels(d) <= depth) {
          long size = fs.kind() == RcloneFs.Kind.S3 ? 0 : -1; // s3's prefixes say 0
          ObjectNode n = entry(d, size, "inode/directory", fs.dirModTime(d));
          n.put("IsDir", true);
          lines.add(n.toString());
        }
      }
    }
    if (!a.has("--dirs-only")) {
      for (RcloneFs.Entry e : fs.files().values()) {
        if (levels(e.path()) > depth
            || include != null && !include.matcher(e.path()).matches()) {
          continue;
        }
        ObjectNode n = entry(e.path(), e.size(), mime(e.path()), e.modTime());
        n.put("IsDir", false);
        if (a.has("--hash")) {
          n.putObject("Hashes").put("md5", fs.md5(e.path()));
        }
        if (fs.kind() == RcloneFs.Kind.S3) {
          n.put("Tier", "STANDARD"); // S3's storage class, as s3proxy reports it
        }
        lines.add(n.toString());
      }
    }
    lines.sort(null);
    return lines.isEmpty() ? "[\n]\n" : "[\n" + String.join(",\n", lines) + "\n]\n";
  }

  private static ObjectNode entry(String path, long size, String mime, Instant modTime) {
    ObjectNode n = JSON.createObjectNode();
    n.put("Path", path);
    n.put("Name", path.substring(path.lastIndexOf('/') + 1));
    n.put("Size", size);
    n.put("MimeType", mime);
    n.put("ModTime", MOD_TIME.format(modTime));
    return n;
  }

  private static int levels(String path) {
    return path.split("/").length;
  }

  private static String mime(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot < 0
        ? "application/octet-stream"
        : MIME.getOrDefault(name.substring(dot + 1), "application/octet-stream");
  }

  /**
   * rclone's filter glob: {@code /} at the start anchors at the root (else it matches at any depth), {@code *} is
   * anything but {@code /}, {@code **} anything, {@code ?} one character.
   */
  static Pattern glob(String g) {
    boolean anchored = g.startsWith("/");
    StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
    String body = anchored ? g.substring(1) : g;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '*' && i + 1 < body.length() && body.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
