package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.rules.MaintenanceWindows;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * The maintenance windows of {@code upgrade.window} (see {@link MaintenanceWindows}): a node starts only inside one.
 * Outside, the run waits on a durable timer until the next opening, showing "waiting for window (opens …, in …)" in
 * its phase, details and progress; the wait ends early on an abort, and pause/resume act as anywhere else. Nodes
 * already running are never stopped by a window closing: the check is made before a stage starts.
 * {@code --ignore-window} turns the windows off for the run (it travels in the options through continue-as-new).
 */
final class WindowGate {

  /** Runs before windows existed replay without their check (they never had one anyway: no option to set it). */
  static final String CHANGE_ID = "maintenance-window";

  private static final Logger log = Workflow.getLogger(WindowGate.class);

  private final MaintenanceWindows windows;
  private final boolean ignored;
  private final UpgradeView view;
  private final OperatorUpdates operator;
  private WindowWait waiting;

  WindowGate(UpgradeSpec options, UpgradeView view, OperatorUpdates operator) {
    this.windows = MaintenanceWindows.of(options.windowsOrNone());
    this.ignored = options.ignoreWindow();
    this.view = view;
    this.operator = operator;
  }

  /** Before a stage: waits while paused and while no window is open; false when the upgrade is aborting. */
  boolean awaitStart() {
    while (operator.awaitResume()) {
      if (!awaitOpen()) {
        return false;
      }
      if (!operator.paused()) {
        return true; // a pause that came while waiting for the window is honoured first
      }
    }
    return false;
  }

  /** Waits until a window is open (at once without windows or with --ignore-window); false when aborting. */
  boolean awaitOpen() {
    while (closedNow()) {
      Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
      MaintenanceWindows.Opening next = windows.nextOpening(now);
      waiting = new WindowWait(next.when(), next.at().toEpochMilli());
      String text = waiting.text(now);
      log.info("{}", text);
      view.phase(Phase.WAITING_FOR_WINDOW, view.finishedCount());
      view.details("**" + capitalized(text) + "**: no node starts outside `upgrade.window`"
          + " (`bosun upgrade --ignore-window` overrides it for a run)\n\n" + view.headline());
      Workflow.await(Duration.between(now, next.at()), operator::aborted);
      waiting = null;
      if (operator.aborted()) {
        return false;
      }
    }
    return !operator.aborted();
  }

  /** The wait in progress, or null (the progress query). */
  WindowWait waiting() {
    return waiting;
  }

  private boolean closedNow() {
    if (ignored || windows.isEmpty()) {
      return false;
    }
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return false;
    }
    return !windows.isOpen(Instant.ofEpochMilli(Workflow.currentTimeMillis()));
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
