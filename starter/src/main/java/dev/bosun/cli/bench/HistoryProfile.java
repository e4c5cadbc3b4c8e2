package dev.bosun.cli.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a workflow run's time went, from its history: per activity type the time spent running and the
 * time waiting to be picked up (schedule-to-start), timers, and the rest (workflow tasks and gaps).
 */
final class HistoryProfile {

  record ActivityTime(int count, long runMillis, long queuedMillis) {
    ActivityTime plus(long run, long queued) {
      return new ActivityTime(count + 1, runMillis + run, queuedMillis + queued);
    }
  }

  record Profile(
      String workflowId,
      long totalMillis,
      Map<String, ActivityTime> activities,
      long timerMillis,
      int events) {
    long activityMillis() {
      return activities.values().stream()
          .mapToLong(a -> a.runMillis() + a.queuedMillis())
          .sum();
    }

    long otherMillis() {
      return totalMillis - activityMillis() - timerMillis;
    }
  }

  private HistoryProfile() {}

  static Profile of(WorkflowClient client, String workflowId) {
    WorkflowExecutionHistory h = client.fetchHistory(workflowId);
    List<HistoryEvent> events = h.getEvents();
    Map<Long, String> types = new HashMap<>();
    Map<Long, Long> scheduledAt = new HashMap<>();
    Map<Long, Long> startedAt = new HashMap<>();
    Map<Long, Long> timerStarted = new HashMap<>();
    Map<String, ActivityTime> byType = new LinkedHashMap<>();
    long timers = 0;
    long first = millis(events.get(0));
    long last = millis(events.get(events.size() - 1));
    for (HistoryEvent e : events) {
      EventType t = e.getEventType();
      if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        types.put(
            e.getEventId(),
            e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        scheduledAt.put(e.getEventId(), millis(e));
      } else if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        startedAt.put(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), millis(e));
      } else if (t == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        long id = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        long started = startedAt.getOrDefault(id, scheduledAt.get(id));
        byType.merge(
            types.get(id),
            new ActivityTime(1, millis(e) - started, started - scheduledAt.get(id)),
            (a, b) -> a.plus(b.runMillis(), b.queuedMillis()));
      } else if (t == EventType.EVENT_TYPE_TIMER_STARTED) {
        timerStarted.put(e.getEventId(), millis(e));
      } else if (t == EventType.EVENT_TYPE_TIMER_FIRED) {
        Long s = timerStarted.get(e.getTimerFiredEventAttributes().getStartedEventId());
        if (s != null) {
          timers += millis(e) - s;
        }
      }
    }
    return new Profile(workflowId, last - first, byType, timers, events.size());
  }

  private static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }

  /** One node's run as a table: activity types with their run and queue time. */
  static Table table(Profile p) {
    Table t = new Table("activity", "calls", "running ms", "queued (schedule→start) ms");
    p.activities().forEach((type, a) -> t.row(type, a.count(), a.runMillis(), a.queuedMillis()));
    t.row("timers (Workflow.sleep)", "", p.timerMillis(), "");
    t.row("workflow tasks and gaps", "", p.otherMillis(), "");
    t.row("total", "", p.totalMillis(), "");
    return t;
  }
}
