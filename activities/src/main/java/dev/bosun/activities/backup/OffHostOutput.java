package dev.bosun.activities.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.workflows.activities.OffHostCopy.CopiedFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsers of rclone's and restic's output (rclone 1.60 {@code --use-json-log} on stderr, {@code --combined -} and
 * {@code lsjson}; restic 0.14 {@code backup --json}, {@code snapshots --json}, {@code ls --json}). Pure; unknown
 * fields and lines that are not JSON (restic 0.14 still prints some plain text) are skipped.
 */
public final class OffHostOutput {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One rclone JSON log line. */
  public record LogLine(String level, String msg, String object, long size) {}

  /**
   * What {@code rclone check} found: per-file lines of {@code --combined -} and its JSON log.
   *
   * @param differences "path: what" for every file that differs, is missing on one side or could not be read
   * @param notes warnings that are not failures ("1 hashes could not be checked")
   */
  public record CheckResult(int matching, List<String> differences, List<String> notes) {
    public boolean clean() {
      return differences.isEmpty();
    }
  }

  /** The summary of {@code restic backup --json}. */
  public record ResticSummary(
      String snapshotId, long filesNew, long totalFiles, long totalBytes, long dataAdded) {}

  /** One snapshot of {@code restic snapshots --json}. */
  public record ResticSnapshot(String id, String time, List<String> tags) {}

  private OffHostOutput() {}

  /** Every JSON line of rclone's {@code --use-json-log} stderr. */
  public static List<LogLine> rcloneLog(String stderr) {
    List<LogLine> lines = new ArrayList<>();
    for (JsonNode n : jsonLines(stderr)) {
      if (n.has("level") && n.has("msg")) {
        lines.add(new LogLine(
            n.path("level").asText(),
            n.path("msg").asText(),
            n.path("object").asText(null),
            n.path("size").asLong(0)));
      }
    }
    return lines;
  }

  /** Objects rclone reports as copied ("Copied (new)", "Copied (replaced existing)"). */
  public static long copied(List<LogLine> log) {
    return log.stream().filter(l -> l.msg().startsWith("Copied")).count();
  }

  /** The error lines of a log, as "object: msg". */
  public static List<String> errors(List<LogLine> log) {
    return log.stream()
        .filter(l -> l.level().equals("error") || l.level().equals("critical"))
        .map(l -> l.object() == null ? l.msg() : l.object() + ": " + l.msg())
        .toList();
  }

  /** {@code rclone check --combined - --use-json-log}: stdout has the per-file lines, stderr the log. */
  public static CheckResult rcloneCheck(String stdout, String stderr) {
    int matching = 0;
    List<String> differences = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (line.length() < 3 || line.charAt(1) != ' ') {
        continue;
      }
      String path = line.substring(2);
      switch (line.charAt(0)) {
        case '=' -> matching++;
        case '*' -> differences.add(path + ": differs");
        case '+' -> differences.add(path + ": missing from the copy");
        case '-' -> differences.add(path + ": only in the copy");
        case '!' -> differences.add(path + ": could not be read");
        default -> {}
      }
    }
    List<String> notes = new ArrayList<>();
    for (LogLine l : rcloneLog(stderr)) {
      if (l.level().equals("error") && l.object() != null) {
        // "sizes differ" / "md5 differ": say why beside the file the combined list named
        String prefix = l.object() + ": ";
        differences.replaceAll(d -> d.equals(prefix + "differs") ? prefix + l.msg() : d);
      } else if (l.msg().matches("\\d+ hashes could not be checked") && !l.msg().startsWith("0 ")) {
        notes.add(l.msg());
      }
    }
    return new CheckResult(matching, List.copyOf(differences), List.copyOf(notes));
  }

  /** {@code rclone lsjson -R --files-only --hash}: the files with size and their MD5 (or another hash rclone gave). */
  public static List<CopiedFile> rcloneFiles(String stdout, String prefix) {
    List<CopiedFile> files = new ArrayList<>();
    for (JsonNode n : array(stdout)) {
      if (n.path("IsDir").asBoolean(false)) {
        continue;
      }
      JsonNode hashes = n.path("Hashes");
      String checksum = hashes.has("md5")
          ? "md5:" + hashes.get("md5").asText()
          : hashes.fieldNames().hasNext() ? firstHash(hashes) : null;
      files.add(
          new CopiedFile(prefix + n.path("Path").asText(), n.path("Size").asLong(), checksum));
    }
    return files;
  }

  /** {@code rclone lsjson}: the entries' paths (folder names, or marker paths {@code <backup>/bosun-verified.json}). */
  public static List<String> rclonePaths(String stdout) {
    List<String> paths = new ArrayList<>();
    for (JsonNode n : array(stdout)) {
      paths.add(n.path("Path").asText());
    }
    return paths;
  }

  /** The {@code summary} line of {@code restic backup --json}; null when there is none. */
  public static ResticSummary resticSummary(String stdout) {
    for (JsonNode n : jsonLines(stdout)) {
      if ("summary".equals(n.path("message_type").asText())) {
        return new ResticSummary(
            n.path("snapshot_id").asText(null),
            n.path("files_new").asLong(),
            n.path("total_files_processed").asLong(),
            n.path("total_bytes_processed").asLong(),
            n.path("data_added").asLong());
      }
    }
    return null;
  }

  /** The messages of restic's JSON errors on stderr ({@code error} and {@code exit_error}), plain lines as they are. */
  public static List<String> resticErrors(String stderr) {
    List<String> errors = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      JsonNode n = parse(t);
      if (n == null) {
        errors.add(t);
      } else if ("error".equals(n.path("message_type").asText())) {
        errors.add(
            n.path("item").asText("") + ": " + n.path("error").path("message").asText());
      } else if ("exit_error".equals(n.path("message_type").asText())) {
        errors.add(n.path("message").asText());
      }
    }
    return errors;
  }

  public static List<ResticSnapshot> resticSnapshots(String stdout) {
    List<ResticSnapshot> snapshots = new ArrayList<>();
    for (JsonNode n : array(stdout)) {
      List<String> tags = new ArrayList<>();
      n.path("tags").forEach(t -> tags.add(t.asText()));
      snapshots.add(
          new ResticSnapshot(n.path("id").asText(), n.path("time").asText(), List.copyOf(tags)));
    }
    return snapshots;
  }

  /** The files of {@code restic ls --json}, their paths under {@code root} (the backed-up folder). */
  public static List<CopiedFile> resticFiles(String stdout, String root) {
    List<CopiedFile> files = new ArrayList<>();
    String prefix = root.endsWith("/") ? root : root + "/";
    for (JsonNode n : jsonLines(stdout)) {
      if ("file".equals(n.path("type").asText())) {
        String path = n.path("path").asText();
        files.add(new CopiedFile(
            path.startsWith(prefix) ? path.substring(prefix.length()) : path,
            n.path("size").asLong(),
            null));
      }
    }
    return files;
  }

  // ---- helpers ----

  private static String firstHash(JsonNode hashes) {
    String type = hashes.fieldNames().next();
    return type + ":" + hashes.get(type).asText();
  }

  private static List<JsonNode> jsonLines(String text) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.split("\n")) {
      JsonNode n = line.startsWith("{") ? parse(line.strip()) : null;
      if (n != null) {
        nodes.add(n);
      }
    }
    return nodes;
  }

  private static List<JsonNode> array(String text) {
    JsonNode n = parse(text.strip());
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException("expected a JSON array, got: " + head(text));
    }
    List<JsonNode> items = new ArrayList<>();
    n.forEach(items::add);
    return items;
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static String head(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
