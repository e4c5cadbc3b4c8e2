package dev.bosun.cli.plan;

import dev.bosun.workflows.model.MaintenanceWindow;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.rules.MaintenanceWindows;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * What {@code bosun plan} says of {@code upgrade.window}: the windows, and whether an upgrade started now would
 * start its nodes at once or wait (and until when).
 *
 * @param windows each window as people read it ("Sat,Sun 02:00–06:00 Europe/Paris"); empty: none
 * @param openNow an upgrade started now would start its nodes at once
 * @param nextOpening when the next window opens ("Sat 02:00 Europe/Paris"), null while one is open or without windows
 * @param nextOpeningMillis the same instant (0 when none)
 */
public record WindowPlan(
    List<String> windows, boolean openNow, String nextOpening, long nextOpeningMillis) {

  public static WindowPlan of(UpgradeSpec options, Instant now) {
    List<MaintenanceWindow> list = options.windowsOrNone();
    MaintenanceWindows w = MaintenanceWindows.of(list);
    List<String> text = list.stream().map(MaintenanceWindows::describe).toList();
    if (w.isOpen(now)) {
      return new WindowPlan(text, true, null, 0);
    }
    MaintenanceWindows.Opening next = w.nextOpening(now);
    return new WindowPlan(text, false, next.when(), next.at().toEpochMilli());
  }

  public void print(PrintWriter out, Instant now) {
    out.println("Maintenance windows (upgrade.window):");
    if (windows.isEmpty()) {
      out.println("  none: nodes start at any time");
      return;
    }
    windows.forEach(w -> out.println("  " + w));
    out.println(
        openNow
            ? "  open now: an upgrade started now would start its nodes at once"
            : "  closed now: an upgrade started now would be "
                + MaintenanceWindows.waitingText(
                    nextOpening, Instant.ofEpochMilli(nextOpeningMillis), now)
                + "; --ignore-window starts at once");
  }
}
