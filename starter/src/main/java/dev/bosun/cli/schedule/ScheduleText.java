package dev.bosun.cli.schedule;

import dev.bosun.workflows.model.Durations;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleListActionStartWorkflow;
import io.temporal.client.schedules.ScheduleListDescription;
import java.time.Instant;
import java.util.List;

/** The one renderer of schedules for {@code bosun schedule list} and {@code describe}. */
public final class ScheduleText {

  static final String LIST_FORMAT = "%-30s %-14s %-7s %-22s %s";

  private ScheduleText() {}

  public static String list(List<ScheduleListDescription> schedules) {
    if (schedules.isEmpty()) {
      return "no schedules\n";
    }
    StringBuilder b = new StringBuilder(
            String.format(LIST_FORMAT, "SCHEDULE ID", "WORKFLOW", "STATE", "NEXT RUN", "LAST RUN"))
        .append('\n');
    for (ScheduleListDescription d : schedules) {
      String workflow = d.getSchedule().getAction() instanceof ScheduleListActionStartWorkflow a
          ? a.getWorkflow()
          : "-";
      List<ScheduleActionResult> recent = d.getInfo().getRecentActions();
      b.append(String.format(
              LIST_FORMAT,
              d.getScheduleId(),
              workflow,
              d.getSchedule().getState().isPaused() ? "paused" : "active",
              first(d.getInfo().getNextActionTimes()),
              recent.isEmpty() ? "-" : workflowId(recent.get(recent.size() - 1).getAction())))
          .append('\n');
    }
    return b.toString();
  }

  public static String describe(ScheduleDescription d) {
    StringBuilder b = new StringBuilder();
    line(b, "Schedule", d.getId());
    if (d.getSchedule().getAction() instanceof ScheduleActionStartWorkflow a) {
      line(
          b,
          "Workflow",
          a.getWorkflowType() + " " + a.getOptions().getWorkflowId() + "-<fire time>, task queue "
              + a.getOptions().getTaskQueue());
    }
    String cron = memo(d, ScheduledOperations.MEMO_CRON);
    var spec = d.getSchedule().getSpec();
    line(
        b,
        "Cron",
        (cron == null ? "(not made by bosun)" : cron) + " in "
            + (spec.getTimeZoneName() == null || spec.getTimeZoneName().isEmpty()
                ? "UTC"
                : spec.getTimeZoneName()));
    line(b, "Jitter", spec.getJitter() == null ? "0" : Durations.format(spec.getJitter()));
    line(
        b,
        "Overlap",
        Overlap.labelOf(d.getSchedule().getPolicy().getOverlap())
            + " (the schedule's own runs; another operation on the cluster is refused by the run)");
    var state = d.getSchedule().getState();
    line(
        b,
        "State",
        (state.isPaused() ? "paused" : "active")
            + (state.getNote() == null || state.getNote().isEmpty()
                ? ""
                : " — " + state.getNote()));
    var info = d.getInfo();
    line(
        b,
        "Runs",
        info.getNumActions() + " started, " + info.getNumActionsSkippedOverlap()
            + " skipped (overlap), " + info.getNumActionsMissedCatchupWindow()
            + " missed (catch-up window)");
    for (ScheduleActionExecution running : info.getRunningActions()) {
      line(b, "Running", workflowId(running));
    }
    for (ScheduleActionResult r : info.getRecentActions()) {
      line(
          b,
          "Recent",
          workflowId(r.getAction()) + " (due " + r.getScheduledAt() + ", started "
              + r.getStartedAt() + ")");
    }
    List<Instant> next = info.getNextActionTimes();
    line(
        b,
        "Next",
        next.isEmpty()
            ? "-"
            : String.join(", ", next.stream().limit(3).map(Instant::toString).toList()));
    return b.toString();
  }

  private static String memo(ScheduleDescription d, String key) {
    try {
      return (String) d.getMemo(key, String.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("%-9s %s%n", label + ":", value));
  }

  private static String first(List<Instant> times) {
    return times.isEmpty() ? "-" : times.get(0).toString();
  }

  private static String workflowId(ScheduleActionExecution e) {
    return e instanceof ScheduleActionExecutionStartWorkflow w ? w.getWorkflowId() : "-";
  }
}
