package dev.bosun.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.workflows.model.MaintenanceWindow;
import dev.bosun.workflows.model.UpgradeSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bosun plan's word on upgrade.window: the windows, open now or when the next opens. */
class WindowPlanTest {

  private static final MaintenanceWindow WEEKEND = new MaintenanceWindow(
      List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), "02:00", "06:00", "Europe/Paris");

  private static UpgradeSpec with(List<MaintenanceWindow> windows) {
    UpgradeSpec d = UpgradeSpec.defaults();
    return new UpgradeSpec(
        d.maxUnavailable(),
        d.drain(),
        d.onNodeFailure(),
        d.approval(),
        d.maxFailedNodes(),
        d.etcdSnapshot(),
        d.pauseBetweenBatches(),
        d.operatorTimeout(),
        false,
        windows,
        false);
  }

  private static String printed(UpgradeSpec spec, Instant now) {
    StringWriter s = new StringWriter();
    try (PrintWriter out = new PrintWriter(s)) {
      WindowPlan.of(spec, now).print(out, now);
    }
    return s.toString();
  }

  @Test
  void testClosedNowSaysWhenTheNextOpens() {
    Instant fridayEvening = Instant.parse("2026-12-04T19:48:00Z");
    WindowPlan p = WindowPlan.of(with(List.of(WEEKEND)), fridayEvening);
    assertThat(p.openNow()).isFalse();
    assertThat(p.nextOpening()).isEqualTo("Sat 02:00 Europe/Paris");
    assertThat(printed(with(List.of(WEEKEND)), fridayEvening))
        .contains(
            "Maintenance windows (upgrade.window):",
            "  Sat,Sun 02:00–06:00 Europe/Paris",
            "closed now: an upgrade started now would be waiting for window (opens Sat 02:00 Europe/Paris, in 5h 12m)");
  }

  @Test
  void testOpenNow() {
    assertThat(printed(with(List.of(WEEKEND)), Instant.parse("2026-12-05T02:00:00Z")))
        .contains("open now: an upgrade started now would start its nodes at once");
  }

  @Test
  void testNoWindow() {
    assertThat(printed(UpgradeSpec.defaults(), Instant.parse("2026-12-05T02:00:00Z")))
        .contains("none: nodes start at any time");
  }
}
