package dev.bosun.workflows.rules;

import java.util.List;
import java.util.Locale;

/**
 * A five-field cron expression as Temporal Schedules read it (minute hour day-of-month month day-of-week), checked
 * field by field: the inventory's {@code drill.schedule} and {@code bosun schedule create --cron} use this one rule.
 * Each field is a comma list of {@code *}, {@code N} or {@code A-B}, each with an optional {@code /STEP}; months and
 * days may be written by name (JAN, SUN).
 */
public final class CronRule {

  public static final String RULE =
      "must be a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. \"0 3 * * SUN\"";

  private record Field(String name, int min, int max, List<String> names) {}

  private static final List<Field> FIELDS = List.of(
      new Field("minute", 0, 59, List.of()),
      new Field("hour", 0, 23, List.of()),
      new Field("day-of-month", 1, 31, List.of()),
      new Field(
          "month",
          1,
          12,
          List.of(
              "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
      new Field("day-of-week", 0, 6, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

  private CronRule() {}

  /** What is wrong with {@code cron} ({@link #RULE} and the field at fault), or null when it is valid. */
  public static String problem(String cron) {
    if (cron == null || cron.isBlank()) {
      return RULE + ", it is empty";
    }
    String[] parts = cron.trim().split("\\s+");
    if (parts.length != FIELDS.size()) {
      return RULE + ", it has " + parts.length + " field" + (parts.length == 1 ? "" : "s");
    }
    for (int i = 0; i < parts.length; i++) {
      Field f = FIELDS.get(i);
      for (String item : parts[i].split(",", -1)) {
        if (!itemValid(item, f)) {
          return RULE + "; field " + (i + 1) + " (" + f.name() + ") '" + parts[i]
              + "' must be *, N, A-B or a list of them, optionally /STEP, with values " + f.min()
              + "-"
              + f.max()
              + (f.names().isEmpty()
                  ? ""
                  : " or " + f.names().get(0) + "-" + f.names().get(f.names().size() - 1));
        }
      }
    }
    return null;
  }

  private static boolean itemValid(String item, Field f) {
    String range = item;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      String step = item.substring(slash + 1);
      if (!step.matches("\\d{1,2}") || Integer.parseInt(step) == 0) {
        return false;
      }
      range = item.substring(0, slash);
    }
    if (range.equals("*")) {
      return true;
    }
    String[] ends = range.split("-", -1);
    if (ends.length > 2) {
      return false;
    }
    Integer from = value(ends[0], f);
    Integer to = ends.length == 2 ? value(ends[1], f) : from;
    return from != null && to != null && from <= to;
  }

  private static Integer value(String text, Field f) {
    int named = f.names().indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return f.min() + named;
    }
    if (!text.matches("\\d{1,2}")) {
      return null;
    }
    int v = Integer.parseInt(text);
    return v >= f.min() && v <= f.max() ? v : null;
  }
}
