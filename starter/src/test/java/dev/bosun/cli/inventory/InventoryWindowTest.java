package dev.bosun.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.workflows.model.MaintenanceWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** upgrade.window: one mapping or a list, day names and ranges, HH:MM, time zones; errors name the field and the rule. */
class InventoryWindowTest {

  @TempDir
  Path tmp;

  private InventoryResult parse(String upgrade) throws IOException {
    return new InventoryFixture(tmp).parse(InventoryFixture.BASE + upgrade);
  }

  @Test
  void testOneWindowAsAMapping() throws IOException {
    InventoryResult r =
        parse("upgrade:\n  window: { days: [Sat, Sun], start: \"02:00\", end: \"06:00\","
            + " timeZone: Europe/Paris }\n");
    assertThat(r.renderedErrors()).isEmpty();
    assertThat(r.inventory().upgrade().windows())
        .containsExactly(new MaintenanceWindow(
            List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), "02:00", "06:00", "Europe/Paris"));
  }

  @Test
  void testSeveralWindowsRangesOvernightAndEveryDay() throws IOException {
    InventoryResult r = parse("upgrade:\n"
        + "  window:\n"
        + "    - { days: Mon-Fri, start: 22:00, end: 04:00, timeZone: UTC }\n"
        + "    - { start: \"12:00\", end: \"13:00\", timeZone: America/New_York }\n");
    assertThat(r.renderedErrors()).isEmpty();
    List<MaintenanceWindow> w = r.inventory().upgrade().windows();
    assertThat(w).hasSize(2);
    assertThat(w.get(0).days())
        .containsExactly(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY);
    assertThat(w.get(0).start() + "–" + w.get(0).end())
        .as("unquoted times")
        .isEqualTo("22:00–04:00");
    assertThat(w.get(1).days()).as("left out: every day").isNull();
  }

  @Test
  void testNoWindowByDefault() throws IOException {
    assertThat(parse("").inventory().upgrade().windows()).isEmpty();
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of(
            "unknown day",
            "{ days: [Sat, Funday], start: \"02:00\", end: \"06:00\", timeZone: UTC }",
            "upgrade.window.days[1]: 'Funday' ",
            "must be day names (Mon, Tue, Wed, Thu, Fri, Sat, Sun) or ranges of them (Mon-Fri)"),
        Arguments.of(
            "empty days",
            "{ days: [], start: \"02:00\", end: \"06:00\", timeZone: UTC }",
            "upgrade.window.days: ",
            "must name at least one day (leave days out for every day)"),
        Arguments.of(
            "hour 25",
            "[ { start: \"25:00\", end: \"06:00\", timeZone: UTC } ]",
            "upgrade.window[0].start: '25:00' ",
            "must be a time HH:MM"),
        Arguments.of(
            "a number",
            "{ start: 2, end: \"04:00\", timeZone: UTC }",
            "upgrade.window.start: '2' ",
            "must be a time HH:MM"),
        Arguments.of(
            "missing end",
            "{ start: \"02:00\", timeZone: UTC }",
            "upgrade.window.end: ",
            "is required"),
        Arguments.of(
            "same start and end",
            "{ start: \"02:00\", end: \"02:00\", timeZone: UTC }",
            "upgrade.window.end: '02:00' ",
            "must differ from start"),
        Arguments.of(
            "unknown zone",
            "[ { start: \"02:00\", end: \"03:00\", timeZone: UTC }, { start: \"02:00\", end:"
                + " \"03:00\", timeZone: Mars/Olympus } ]",
            "upgrade.window[1].timeZone: 'Mars/Olympus' ",
            "must be an IANA time zone"),
        Arguments.of(
            "unknown key",
            "{ start: \"02:00\", end: \"03:00\", timeZone: UTC, tz: UTC }",
            "upgrade.window.tz: ",
            "is not a known key"),
        Arguments.of(
            "a string",
            "weekends",
            "upgrade.window: 'weekends' ",
            "must be a mapping {days, start, end, timeZone} or a list of them"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void testRefused(String name, String window, String where, String rule) throws IOException {
    InventoryResult r = parse("upgrade:\n  window: " + window + "\n");
    assertThat(r.valid()).isFalse();
    assertThat(r.renderedErrors())
        .as("errors for %s", name)
        .anySatisfy(line -> assertThat(line).contains(where).contains(rule));
  }
}
