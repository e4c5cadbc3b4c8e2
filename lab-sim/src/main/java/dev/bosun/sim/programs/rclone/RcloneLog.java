package dev.bosun.sim.programs.rclone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * rclone 1.60's log on stderr: with {@code --use-json-log} one JSON object a line, keys sorted as logrus writes
 * them ({@code level, msg, object, objectType, source, stats, time}; NOTICE is {@code "warning"}); otherwise Go's
 * {@code 2006/01/02 15:04:05 LEVEL : object: msg}. Lines below the level ({@code -v}: INFO) are dropped. The
 * closing {@code Failed to …} of a failed command is plain text in both modes, as rclone's log.Fatalf prints it.
 */
final class RcloneLog {

  enum Level {
    ERROR("error", "ERROR :"),
    NOTICE("warning", "NOTICE:"),
    INFO("info", "INFO  :");

    final String json;
    final String plain;

    Level(String json, String plain) {
      this.json = json;
      this.plain = plain;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Go's {@code 2006-01-02T15:04:05.999999-07:00}: microseconds without trailing zeros. */
  private static final DateTimeFormatter JSON_TIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
      .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
      .appendPattern("xxx")
      .toFormatter();

  private static final DateTimeFormatter PLAIN_TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

  private final boolean json;
  private final Level shown;
  private final StringBuilder out = new StringBuilder();

  RcloneLog(boolean json, Level shown) {
    this.json = json;
    this.shown = shown;
  }

  /** One line about {@code object} (null: none) of type {@code objectType}, from rclone's {@code source} file:line. */
  void log(Level level, String msg, String object, String objectType, String source) {
    log(level, msg, object, objectType, source, null);
  }

  void log(
      Level level, String msg, String object, String objectType, String source, ObjectNode stats) {
    if (level.ordinal() > shown.ordinal()) {
      return;
    }
    if (!json) {
      out.append(PLAIN_TIME.format(now()))
          .append(' ')
          .append(level.plain)
          .append(' ')
          .append(object == null ? "" : object + ": ")
          .append(msg)
          .append('\n');
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("level", level.json);
    n.put("msg", msg);
    if (object != null) {
      n.put("object", object);
      n.put("objectType", objectType);
    }
    n.put("source", source);
    if (stats != null) {
      n.set("stats", stats);
    }
    n.put("time", JSON_TIME.format(now()));
    out.append(n).append('\n');
  }

  /** rclone's march finding no source directory (copy, sync, check). */
  void sourceNotFound(RcloneFs src) {
    log(
        Level.ERROR,
        "error reading source root directory: directory not found",
        src.describe(),
        src.fsType(),
        "march/march.go:413");
  }

  /** The closing line of a failed command (plain in both modes). */
  void fatal(String text) {
    out.append(PLAIN_TIME.format(now())).append(' ').append(text).append('\n');
  }

  /** Text written before the log proper (cobra's usage errors). */
  void raw(String text) {
    out.append(text);
  }

  String text() {
    return out.toString();
  }

  private static ZonedDateTime now() {
    return ZonedDateTime.now(ZoneOffset.UTC);
  }
}
