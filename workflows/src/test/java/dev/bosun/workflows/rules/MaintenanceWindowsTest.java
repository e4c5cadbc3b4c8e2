package dev.bosun.workflows.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.model.MaintenanceWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** "Inside now?" and "next opening after t" over overnight windows, DST days, several windows, days without one. */
class MaintenanceWindowsTest {

  /** "Sat,Sun 02:00 06:00 Europe/Paris"; several windows joined by " | "; "*" for every day. */
  static List<MaintenanceWindow> windows(String spec) {
    List<MaintenanceWindow> out = new ArrayList<>();
    for (String one : spec.split(" \\| ")) {
      String[] p = one.trim().split(" ");
      List<DayOfWeek> days = null;
      if (!p[0].equals("*")) {
        days = new ArrayList<>();
        for (String item : p[0].split(",")) {
          days.addAll(MaintenanceWindows.days(item));
        }
      }
      out.add(new MaintenanceWindow(days, p[1], p[2], p[3]));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        // name; windows; now; open?; next opening; when
        "weekend window, Friday evening waits for Saturday; Sat,Sun 02:00 06:00 Europe/Paris;"
            + " 2026-12-04T20:48:00Z; false; 2026-12-05T01:00:00Z; Sat 02:00 Europe/Paris",
        "weekend window, inside on Sunday morning; Sat,Sun 02:00 06:00 Europe/Paris;"
            + " 2026-12-06T04:59:00Z; true; 2026-12-06T04:59:00Z; Sun 05:59 Europe/Paris",
        "the end is not inside; Sat,Sun 02:00 06:00 Europe/Paris;"
            + " 2026-12-06T05:00:00Z; false; 2026-12-12T01:00:00Z; Sat 02:00 Europe/Paris",
        "overnight: Friday's window is still open early Saturday; Mon-Fri 22:00 04:00 UTC;"
            + " 2026-12-05T03:30:00Z; true; 2026-12-05T03:30:00Z; Sat 03:30 UTC",
        "overnight: Saturday after 04:00 waits for Monday night; Mon-Fri 22:00 04:00 UTC;"
            + " 2026-12-05T04:00:00Z; false; 2026-12-07T22:00:00Z; Mon 22:00 UTC",
        "overnight: Monday before 22:00 has no window from Sunday; Mon-Fri 22:00 04:00 UTC;"
            + " 2026-12-07T01:00:00Z; false; 2026-12-07T22:00:00Z; Mon 22:00 UTC",
        "overnight to midnight; Tue 23:00 00:00 UTC;"
            + " 2026-12-08T23:59:00Z; true; 2026-12-08T23:59:00Z; Tue 23:59 UTC",
        "spring forward: 02:00 does not exist, the window opens at 03:00 CEST; Sun 02:00 06:00 Europe/Paris;"
            + " 2026-03-29T00:59:00Z; false; 2026-03-29T01:00:00Z; Sun 03:00 Europe/Paris",
        "spring forward: the window closes at 06:00 CEST after 3 hours; Sun 02:00 06:00 Europe/Paris;"
            + " 2026-03-29T04:00:00Z; false; 2026-04-05T00:00:00Z; Sun 02:00 Europe/Paris",
        "fall back: opens at the first 02:00 (CEST); Sun 02:00 06:00 Europe/Paris;"
            + " 2026-10-24T23:59:00Z; false; 2026-10-25T00:00:00Z; Sun 02:00 Europe/Paris",
        "fall back: 5 hours long, still open at 05:30 CET; Sun 02:00 06:00 Europe/Paris;"
            + " 2026-10-25T04:30:00Z; true; 2026-10-25T04:30:00Z; Sun 05:30 Europe/Paris",
        "New York's own DST: 02:30 in the gap opens at 03:30 EDT; Sun 02:30 05:00 America/New_York;"
            + " 2026-03-08T06:00:00Z; false; 2026-03-08T07:30:00Z; Sun 03:30 America/New_York",
        "several windows: the earliest opening wins; Sat 02:00 06:00 Europe/Paris | Wed 22:00 23:00 America/New_York;"
            + " 2026-12-08T12:00:00Z; false; 2026-12-10T03:00:00Z; Wed 22:00 America/New_York",
        "several windows: inside the second; Sat 02:00 06:00 Europe/Paris | Wed 22:00 23:00 America/New_York;"
            + " 2026-12-10T03:30:00Z; true; 2026-12-10T03:30:00Z; Wed 22:30 America/New_York",
        "days without a window: Monday waits six days for Sunday; Sun 01:00 02:00 UTC;"
            + " 2026-12-07T03:00:00Z; false; 2026-12-13T01:00:00Z; Sun 01:00 UTC",
        "days left out: every day; * 01:00 02:00 UTC;"
            + " 2026-12-07T03:00:00Z; false; 2026-12-08T01:00:00Z; Tue 01:00 UTC",
        "a whole day; Wed 00:00 24:00 Asia/Tokyo;"
            + " 2026-12-08T15:00:00Z; true; 2026-12-08T15:00:00Z; Wed 00:00 Asia/Tokyo",
        "a range wrapping over the weekend; Fri-Mon 10:00 11:00 UTC;"
            + " 2026-12-08T09:00:00Z; false; 2026-12-11T10:00:00Z; Fri 10:00 UTC",
      })
  void testOpenAndNextOpening(
      String name, String spec, String now, boolean open, String next, String when) {
    MaintenanceWindows w = MaintenanceWindows.of(windows(spec));
    Instant t = Instant.parse(now);
    assertEquals(open, w.isOpen(t), name + ": inside?");
    MaintenanceWindows.Opening o = w.nextOpening(t);
    assertEquals(Instant.parse(next), o.at(), name + ": next opening");
    assertEquals(when, o.when(), name + ": as people read it");
    assertTrue(w.isOpen(o.at()), name + ": the opening is inside");
    assertEquals(
        open, !o.at().isAfter(t), name + ": the next opening is now exactly when it is open");
  }

  @Test
  void testNoWindowIsAlwaysOpen() {
    MaintenanceWindows none = MaintenanceWindows.of(null);
    assertTrue(none.isEmpty());
    assertTrue(none.isOpen(Instant.parse("2026-12-07T03:00:00Z")));
    assertNull(none.nextOpening(Instant.parse("2026-12-07T03:00:00Z")));
  }

  @Test
  void testWaitingTextSaysWhenAndHowLong() {
    assertEquals(
        "waiting for window (opens Sat 02:00 Europe/Paris, in 5h 12m)",
        MaintenanceWindows.waitingText(
            "Sat 02:00 Europe/Paris",
            Instant.parse("2026-12-05T01:00:00Z"),
            Instant.parse("2026-12-04T19:48:00Z")));
    assertEquals("2d 3h", MaintenanceWindows.inText(Duration.ofHours(51).plusMinutes(5)));
    assertEquals("7m", MaintenanceWindows.inText(Duration.ofMinutes(7).plusSeconds(30)));
    assertEquals("under a minute", MaintenanceWindows.inText(Duration.ofSeconds(20)));
  }

  @Test
  void testDescribe() {
    assertEquals(
        "Sat,Sun 02:00–06:00 Europe/Paris",
        MaintenanceWindows.describe(windows("Sun,Sat 02:00 06:00 Europe/Paris").get(0)));
    assertEquals(
        "every day 22:00–04:00 UTC",
        MaintenanceWindows.describe(windows("* 22:00 04:00 UTC").get(0)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "no days; ; 02:00; 06:00; UTC; upgrade.window[0].days must name at least one day",
        "hour 25; Sat; 25:00; 06:00; UTC; upgrade.window[0].start must be a time HH:MM",
        "start 24:00; Sat; 24:00; 06:00; UTC; upgrade.window[0].start must be a time HH:MM",
        "no end; Sat; 02:00; ; UTC; upgrade.window[0].end must be a time HH:MM, 00:00 to 23:59 (end may be 24:00), it is missing",
        "same start and end; Sat; 02:00; 02:00; UTC; upgrade.window[0].end must differ from start",
        "unknown zone; Sat; 02:00; 06:00; Mars/Olympus; upgrade.window[0].timeZone must be an IANA time zone",
        "no zone; Sat; 02:00; 06:00; ; upgrade.window[0].timeZone must be an IANA time zone such as Europe/Paris, America/New_York or UTC, it is missing",
      })
  void testBadWindowNamesTheFieldAndTheRule(
      String name, String days, String start, String end, String zone, String expected) {
    List<DayOfWeek> d = days == null ? List.of() : MaintenanceWindows.days(days);
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> MaintenanceWindows.of(List.of(new MaintenanceWindow(d, start, end, zone))));
    assertTrue(e.getMessage().startsWith(expected), name + ": " + e.getMessage());
  }

  @Test
  void testDayNamesAndRanges() {
    assertEquals(List.of(DayOfWeek.SATURDAY), MaintenanceWindows.days("Sat"));
    assertEquals(List.of(DayOfWeek.SATURDAY), MaintenanceWindows.days("saturday"));
    assertEquals(
        Arrays.asList(DayOfWeek.values()).subList(0, 5), MaintenanceWindows.days("Mon-Fri"));
    assertEquals(
        List.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
        MaintenanceWindows.days("Fri - Mon"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MaintenanceWindows.days("Funday"));
    assertEquals(MaintenanceWindows.DAYS_RULE + ", got 'Funday'", e.getMessage());
  }
}
