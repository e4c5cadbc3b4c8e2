package dev.bosun.cli.schedule;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import java.util.Arrays;
import java.util.List;

/**
 * What a schedule does when its time comes while its own previous run still runs. It covers the schedule's own runs
 * only: another operation on the cluster (an upgrade, a drain, a drill started by hand) is refused by the scheduled run
 * itself.
 */
public enum Overlap {
  /** The new run is not started (counted as skipped in {@code describe}). */
  SKIP("skip", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP),
  /** One run waits and starts when the running one ends; more are skipped. */
  BUFFER_ONE("buffer-one", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE);

  private final String label;
  private final ScheduleOverlapPolicy policy;

  Overlap(String label, ScheduleOverlapPolicy policy) {
    this.label = label;
    this.policy = policy;
  }

  public String label() {
    return label;
  }

  public ScheduleOverlapPolicy policy() {
    return policy;
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(Overlap::label).toList();
  }

  /** The overlap with this label; null when there is none. */
  static Overlap of(String label) {
    return Arrays.stream(values())
        .filter(o -> o.label.equals(label))
        .findFirst()
        .orElse(null);
  }

  /** The label of Temporal's policy ("skip"), or the policy's own name for one Bosun does not create. */
  static String labelOf(ScheduleOverlapPolicy policy) {
    return Arrays.stream(values())
        .filter(o -> o.policy == policy)
        .map(Overlap::label)
        .findFirst()
        .orElse(policy.name().replace("SCHEDULE_OVERLAP_POLICY_", "").toLowerCase());
  }
}
