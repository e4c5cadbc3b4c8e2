package dev.bosun.workflows.saga;

import dev.bosun.workflows.Labels.Labelled;
import java.util.Map;

/**
 * The lines a step-by-step saga's report opens and ends with, the same in the backup's and the drill's text: the
 * result with the step that failed and why, and each step's duration.
 */
public final class StepText {

  private StepText() {}

  /** {@code ": failed at step verify\n  rclone check: 1 differences found\n"}; the reason line only when there is one. */
  public static String outcome(Labelled result, Labelled failedStep, String reason) {
    StringBuilder b = new StringBuilder(": ").append(result);
    if (failedStep != null) {
      b.append(" at step ").append(failedStep);
    }
    b.append('\n');
    if (reason != null) {
      b.append("  ").append(reason).append('\n');
    }
    return b.toString();
  }

  /** {@code "  durations: validate=3ms sentinel=40ms total=51ms\n"}, the steps in the order they ran. */
  public static String durations(Map<String, Long> stepMillis, long totalMillis) {
    StringBuilder b = new StringBuilder("  durations:");
    for (Map.Entry<String, Long> e : stepMillis.entrySet()) {
      b.append(' ').append(e.getKey()).append('=').append(e.getValue()).append("ms");
    }
    return b.append(" total=").append(totalMillis).append("ms\n").toString();
  }
}
