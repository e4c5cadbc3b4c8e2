package dev.bosun.cli.schedule;

import dev.bosun.workflows.model.Durations;
import dev.bosun.workflows.rules.CronRule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * When a schedule fires, from {@code bosun schedule create}'s flags, each checked with its rule before any call to
 * Temporal.
 *
 * @param cron five fields, read in {@code timeZone}
 * @param timeZone an IANA zone name (Temporal loads it by name, so offsets such as +02:00 are refused)
 * @param jitter each run starts up to this much later than its time (spreads runs of many clusters)
 * @param overlap what happens when the schedule's previous run still runs
 */
public record ScheduleSettings(String cron, String timeZone, Duration jitter, Overlap overlap) {

  public static final String ZONE_RULE =
      "must be an IANA time zone name such as Europe/Paris, America/New_York or UTC";
  public static final String JITTER_RULE =
      "must be a duration such as 30s, 10m or 1h (0 for none), at most 24h";
  static final Duration MAX_JITTER = Duration.ofHours(24);

  /**
   * The settings the flags give.
   *
   * @throws IllegalArgumentException naming every flag at fault and its rule
   */
  public static ScheduleSettings of(String cron, String timeZone, String jitter, String overlap) {
    List<String> problems = new ArrayList<>();
    String cronProblem = CronRule.problem(cron);
    if (cronProblem != null) {
      problems.add("--cron '" + cron + "' " + cronProblem);
    }
    if (timeZone == null || !ZoneId.getAvailableZoneIds().contains(timeZone)) {
      problems.add("--timezone '" + timeZone + "' " + ZONE_RULE);
    }
    Duration jitterValue = null;
    try {
      jitterValue = Durations.parse(jitter);
      if (jitterValue.compareTo(MAX_JITTER) > 0) {
        problems.add("--jitter '" + jitter + "' " + JITTER_RULE);
      }
    } catch (IllegalArgumentException e) {
      problems.add("--jitter '" + jitter + "' " + JITTER_RULE);
    }
    Overlap overlapValue = Overlap.of(overlap);
    if (overlapValue == null) {
      problems.add(
          "--overlap '" + overlap + "' must be one of " + String.join(", ", Overlap.labels()));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new ScheduleSettings(cron.trim(), timeZone, jitterValue, overlapValue);
  }
}
