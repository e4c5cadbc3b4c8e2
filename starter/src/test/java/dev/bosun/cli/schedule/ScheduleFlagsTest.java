package dev.bosun.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.cli.Cli;
import dev.bosun.cli.inventory.InventoryLoader;
import dev.bosun.cli.inventory.InventoryOption;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.sim.net.LocalPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bosun schedule create's flags, each checked with its rule before any call; the embedded server refused. */
class ScheduleFlagsTest {

  @TempDir
  Path tmp;

  @Test
  void testValidFlagsGiveTheSettings() {
    ScheduleSettings s = ScheduleSettings.of(" 0 3 * * SUN ", "Europe/Paris", "10m", "buffer-one");

    assertThat(s)
        .isEqualTo(new ScheduleSettings(
            "0 3 * * SUN", "Europe/Paris", Duration.ofMinutes(10), Overlap.BUFFER_ONE));
  }

  @ParameterizedTest(name = "{0} {1} is refused: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--cron     | 0 3 * *         | it has 4 fields",
        "--cron     | 0 3 * * SUN *   | it has 6 fields",
        "--cron     | 60 3 * * SUN    | field 1 (minute) '60'",
        "--cron     | 0 24 * * *      | field 2 (hour) '24'",
        "--cron     | 0 3 0 * *       | field 3 (day-of-month) '0'",
        "--cron     | 0 3 * 13 *      | field 4 (month) '13'",
        "--cron     | 0 3 * * SUNDAY  | field 5 (day-of-week) 'SUNDAY' must be *, N, A-B",
        "--cron     | 0 3 * * 5-1     | field 5 (day-of-week) '5-1'",
        "--cron     | */0 * * * *     | field 1 (minute) '*/0'",
        "--cron     | @weekly         | it has 1 field",
        "--timezone | +02:00          | must be an IANA time zone name",
        "--timezone | Mars/Olympus    | must be an IANA time zone name",
        "--jitter   | 5x              | must be a duration such as 30s, 10m or 1h",
        "--jitter   | 25h             | at most 24h",
        "--overlap  | allow-all       | must be one of skip, buffer-one",
      })
  void testABadFlagIsNamedWithItsRule(String flag, String value, String rule) {
    List<String> flags = new java.util.ArrayList<>(List.of("0 3 * * SUN", "UTC", "0", "skip"));
    flags.set(List.of("--cron", "--timezone", "--jitter", "--overlap").indexOf(flag), value);

    assertThatThrownBy(
            () -> ScheduleSettings.of(flags.get(0), flags.get(1), flags.get(2), flags.get(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(flag + " '" + value + "' ")
        .hasMessageContaining(rule);
  }

  @Test
  void testEveryBadFlagIsListedAtOnce() {
    assertThatThrownBy(() -> ScheduleSettings.of("0 3 * *", "CEST", "-1m", "queue"))
        .hasMessageContaining("--cron '0 3 * *'")
        .hasMessageContaining("--timezone 'CEST'")
        .hasMessageContaining("--jitter '-1m'")
        .hasMessageContaining("--overlap 'queue'");
  }

  @Test
  void testBadFlagsStopBeforeAnyCallToTemporal() throws Exception {
    String inv = ScheduleInventory.write(tmp, "flags");
    String nobody = "127.0.0.1:" + LocalPorts.free(); // would be exit 3 if it were asked

    Cli.Result r = Cli.run(
        "schedule", "create", "backup", "-i", inv, "--cron", "0 3 * * 8", "--address", nobody);

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--cron '0 3 * * 8'", "field 5 (day-of-week)");
    Cli.Result id = Cli.run("schedule", "trigger", "bosun lab1", "--address", nobody);
    assertThat(id.exit()).as(id.toString()).isEqualTo(2);
    assertThat(id.err()).contains("SCHEDULE_ID 'bosun lab1' must be a schedule ID");
    Cli.Result backfill = Cli.run(
        "schedule",
        "backfill",
        "bosun:flags:backup",
        "--from",
        "2026-12-01T00:00:00Z",
        "--to",
        "2026-11-01",
        "--address",
        nobody);
    assertThat(backfill.exit()).as(backfill.toString()).isEqualTo(2);
    assertThat(backfill.err()).contains("--to '2026-11-01' must be an ISO-8601 UTC instant");
  }

  @Test
  void testWithoutAnAddressTheEmbeddedServerIsRefusedPointingAtTheDevServer() throws Exception {
    Assumptions.assumeTrue(
        System.getenv(TemporalOptions.ENV_ADDRESS) == null, "TEMPORAL_ADDRESS is set here");
    String inv = ScheduleInventory.write(tmp, "embedded");

    Cli.Result r = Cli.run("schedule", "create", "backup", "-i", inv, "--cron", "0 3 * * SUN");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "the embedded Temporal has no Temporal Schedules", "temporal-dev/start", "--address");
    assertThat(Cli.run("schedule", "list").err()).contains("has no Temporal Schedules");
  }

  @Test
  void testScheduleCreateDrillRunsTheDrillsRulesAndAnUnknownOperationIsNamed() throws Exception {
    String inv = ScheduleInventory.write(tmp, "drill");
    var loaded = InventoryOption.load(
        Path.of(inv), new InventoryLoader(), new java.io.PrintWriter(java.io.Writer.nullWriter()));
    assertThat(dev.bosun.cli.command.ScheduleCommand.operation("drill", loaded)
            .mutation()
            .workflowType())
        .isEqualTo("RestoreDrill");
    String noDrill = Files.readString(Path.of(inv)).replaceAll("(?s)drill:\n.*", "");
    Files.writeString(tmp.resolve("nodrill.yaml"), noDrill);

    Cli.Result r = Cli.run(
        "schedule",
        "create",
        "drill",
        "-i",
        tmp.resolve("nodrill.yaml").toString(),
        "--cron",
        "0 3 * * SUN");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("drill");
    assertThat(Cli.run("schedule", "create", "restore", "-i", inv, "--cron", "0 3 * * SUN")
            .err())
        .contains("OPERATION 'restore' must be one of backup, drill");
  }
}
