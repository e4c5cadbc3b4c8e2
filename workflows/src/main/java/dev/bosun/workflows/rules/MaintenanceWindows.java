package dev.bosun.workflows.rules;

import dev.bosun.workflows.model.MaintenanceWindow;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The maintenance windows of {@code upgrade.window}, as pure rules and arithmetic: the inventory reader and the
 * workflow use this one class. Times are wall-clock in each window's zone, so a window keeps its local hours across
 * daylight-saving changes: 02:00–06:00 lasts 3 hours on the spring-forward night and 5 on the fall-back night. A
 * local time inside a spring-forward gap is moved forward by the gap (as {@link ZonedDateTime#of} does); one inside
 * a fall-back overlap is its first occurrence.
 */
public final class MaintenanceWindows {

  public static final String DAYS_RULE =
      "must be day names (Mon, Tue, Wed, Thu, Fri, Sat, Sun) or ranges of them (Mon-Fri)";
  public static final String TIME_RULE = "must be a time HH:MM, 00:00 to 23:59 (end may be 24:00)";
  public static final String ZONE_RULE =
      "must be an IANA time zone such as Europe/Paris, America/New_York or UTC";

  public static final String EMPTY_DAYS_RULE =
      "must name at least one day (leave days out for every day)";
  public static final String SAME_TIMES_RULE =
      "must differ from start (a whole day is start: \"00:00\", end: \"24:00\")";

  private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-4]):([0-5]\\d)");
  private static final Pattern RANGE = Pattern.compile("([A-Za-z]+)\\s*-\\s*([A-Za-z]+)");
  private static final int DAY_MINUTES = 24 * 60;

  /** One window with its text parsed. */
  private record Parsed(Set<DayOfWeek> days, int startMinute, int endMinute, ZoneId zone) {}

  /** When a window next opens: the instant, and its local time in the window's zone for people. */
  public record Opening(Instant at, ZonedDateTime local) {
    /** "Sat 02:00 Europe/Paris". */
    public String when() {
      return dayName(local.getDayOfWeek()) + " " + local.toLocalTime() + " " + local.getZone();
    }
  }

  private final List<Parsed> windows;

  private MaintenanceWindows(List<Parsed> windows) {
    this.windows = windows;
  }

  /**
   * @param windows null or empty: no window (always open)
   * @throws IllegalArgumentException naming the window (upgrade.window[i].field) and the rule it breaks
   */
  public static MaintenanceWindows of(List<MaintenanceWindow> windows) {
    List<Parsed> parsed = new ArrayList<>();
    List<MaintenanceWindow> list = windows == null ? List.of() : windows;
    for (int i = 0; i < list.size(); i++) {
      MaintenanceWindow w = list.get(i);
      String at = "upgrade.window[" + i + "].";
      if (w == null) {
        throw new IllegalArgumentException(at.substring(0, at.length() - 1) + " is empty");
      }
      if (w.days() != null && w.days().isEmpty()) {
        throw new IllegalArgumentException(at + "days " + EMPTY_DAYS_RULE);
      }
      Set<DayOfWeek> days =
          w.days() == null ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(w.days());
      int start = minute(at + "start", w.start(), false);
      int end = minute(at + "end", w.end(), true);
      if (start == end) {
        throw new IllegalArgumentException(at + "end " + SAME_TIMES_RULE);
      }
      parsed.add(new Parsed(days, start, end, zone(at + "timeZone", w.timeZone())));
    }
    return new MaintenanceWindows(List.copyOf(parsed));
  }

  /** No window configured: an upgrade may start at any time. */
  public boolean isEmpty() {
    return windows.isEmpty();
  }

  /** Whether {@code t} is inside a window (always true without windows). */
  public boolean isOpen(Instant t) {
    if (windows.isEmpty()) {
      return true;
    }
    for (Parsed w : windows) {
      LocalDate today = LocalDate.ofInstant(t, w.zone());
      // a window opened yesterday may still be open (overnight), one opened today may be
      for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
        if (w.days().contains(d.getDayOfWeek())) {
          ZonedDateTime open = at(d, w.startMinute(), w.zone());
          ZonedDateTime close = closeOf(d, w);
          if (!t.isBefore(open.toInstant()) && t.isBefore(close.toInstant())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The first instant at or after {@code t} inside a window ({@code t} itself when it is open), or null without
   * windows.
   */
  public Opening nextOpening(Instant t) {
    Opening best = null;
    for (Parsed w : windows) {
      LocalDate today = LocalDate.ofInstant(t, w.zone());
      for (LocalDate d = today.minusDays(1); !d.isAfter(today.plusDays(8)); d = d.plusDays(1)) {
        if (!w.days().contains(d.getDayOfWeek())) {
          continue;
        }
        ZonedDateTime open = at(d, w.startMinute(), w.zone());
        ZonedDateTime close = closeOf(d, w);
        if (!close.toInstant().isAfter(t) || !open.isBefore(close)) {
          continue; // over already, or emptied by a clock change
        }
        ZonedDateTime from = open.toInstant().isBefore(t) ? t.atZone(w.zone()) : open;
        if (best == null || from.toInstant().isBefore(best.at())) {
          best = new Opening(from.toInstant(), from);
        }
        break; // later days of this window open later still
      }
    }
    return best;
  }

  /** "waiting for window (opens Sat 02:00 Europe/Paris, in 5h 12m)", the wait as of {@code now}. */
  public static String waitingText(String when, Instant opensAt, Instant now) {
    return "waiting for window (opens " + when + ", in " + inText(Duration.between(now, opensAt))
        + ")";
  }

  /** "2d 3h", "5h 12m", "7m", "under a minute". */
  public static String inText(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    long days = minutes / DAY_MINUTES;
    long hours = minutes % DAY_MINUTES / 60;
    long mins = minutes % 60;
    if (days > 0) {
      return days + "d " + hours + "h";
    }
    if (hours > 0) {
      return hours + "h " + mins + "m";
    }
    return mins > 0 ? mins + "m" : "under a minute";
  }

  /** One window for people: "Sat,Sun 02:00–06:00 Europe/Paris". */
  public static String describe(MaintenanceWindow w) {
    String days = w.days() == null || w.days().size() == 7
        ? "every day"
        : w.days().stream()
            .sorted()
            .map(MaintenanceWindows::dayName)
            .collect(Collectors.joining(","));
    return days + " " + w.start() + "–" + w.end() + " " + w.timeZone();
  }

  // ---- the inventory's syntax (the reader reports these with the field's path) ----

  /** Whether {@code text} is a start ({@code end} false) or an end time: HH:MM, an end may be 24:00. */
  public static boolean isTime(String text, boolean end) {
    try {
      minute("", text, end);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static boolean isZone(String text) {
    try {
      zone("", text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Both valid times and the same minute: a window of no length ({@link #SAME_TIMES_RULE}). */
  public static boolean sameTime(String start, String end) {
    return isTime(start, false)
        && isTime(end, true)
        && minute("", start, false) == minute("", end, true);
  }

  /**
   * One item of {@code days}: a day ("Sat", "saturday") or a range ("Mon-Fri"; "Fri-Mon" wraps over the weekend).
   *
   * @throws IllegalArgumentException with {@link #DAYS_RULE}
   */
  public static List<DayOfWeek> days(String item) {
    String t = item == null ? "" : item.trim();
    Matcher m = RANGE.matcher(t);
    if (m.matches()) {
      DayOfWeek from = day(m.group(1));
      DayOfWeek to = day(m.group(2));
      List<DayOfWeek> out = new ArrayList<>();
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        out.add(d);
        if (d == to) {
          return out;
        }
      }
    }
    return List.of(day(t));
  }

  private static DayOfWeek day(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
      if (n.length() >= 3 && full.startsWith(n)) {
        return d;
      }
    }
    throw new IllegalArgumentException(DAYS_RULE + ", got '" + name + "'");
  }

  private static int minute(String field, String text, boolean end) {
    Matcher m = TIME.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          field + " " + TIME_RULE + (text == null ? ", it is missing" : ", got '" + text + "'"));
    }
    int minute = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
    if (minute > DAY_MINUTES || (minute == DAY_MINUTES && !end)) {
      throw new IllegalArgumentException(field + " " + TIME_RULE + ", got '" + text + "'");
    }
    return minute;
  }

  private static ZoneId zone(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(field + " " + ZONE_RULE + ", it is missing");
    }
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(field + " " + ZONE_RULE + ", got '" + text + "'");
    }
  }

  private static ZonedDateTime closeOf(LocalDate d, Parsed w) {
    return w.endMinute() > w.startMinute()
        ? at(d, w.endMinute(), w.zone())
        : at(d.plusDays(1), w.endMinute(), w.zone()); // overnight
  }

  private static ZonedDateTime at(LocalDate d, int minute, ZoneId zone) {
    return minute == DAY_MINUTES
        ? ZonedDateTime.of(d.plusDays(1), LocalTime.MIDNIGHT, zone)
        : ZonedDateTime.of(d, LocalTime.of(minute / 60, minute % 60), zone);
  }

  private static String dayName(DayOfWeek d) {
    return d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }
}
