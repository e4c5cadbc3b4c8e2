package dev.bosun.cli.operation;

import io.temporal.client.WorkflowException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.ServerFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * The words a person can act on in a failure that crossed Temporal: every command's one way to print it. The
 * SDK wraps the activity's own message ("cp-1: /etc/kubernetes/admin.conf is empty ...") in an ActivityFailure
 * whose text is only "Activity task failed", and that in a ChildWorkflowFailure and a WorkflowFailedException;
 * this walks the whole chain and keeps what the activities and workflows said, outermost first.
 */
public final class FailureReason {

  private static final int MAX_DEPTH = 32;

  private FailureReason() {}

  public static String of(Throwable failure) {
    List<String> parts = new ArrayList<>();
    String activity = null;
    Throwable t = failure;
    for (int depth = 0;
        t != null && depth < MAX_DEPTH;
        depth++, t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ActivityFailure a) {
        activity = a.getActivityType(); // a wrapper: its own text is "Activity task failed"
      } else if (t instanceof ApplicationFailure a) {
        add(parts, a.getOriginalMessage());
      } else if (t instanceof TimeoutFailure timeout) {
        add(
            parts,
            (activity == null ? "" : activity + ": ") + "timed out ("
                + timeout
                    .getTimeoutType()
                    .name()
                    .replace("TIMEOUT_TYPE_", "")
                    .toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-')
                + ")");
      } else if (t instanceof CanceledFailure) {
        add(parts, "canceled");
      } else if (t instanceof TerminatedFailure) {
        add(parts, "terminated");
      } else if (t instanceof ServerFailure s) {
        add(parts, s.getOriginalMessage());
      } else if (!(t instanceof ChildWorkflowFailure)
          && !(t instanceof TemporalFailure)
          && !(t instanceof WorkflowException)) {
        add(parts, t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
      }
    }
    if (parts.isEmpty()) {
      return failure.getMessage() == null
          ? failure.getClass().getSimpleName()
          : failure.getMessage();
    }
    return String.join(": ", parts);
  }

  /** Keeps a message unless an outer one already says it (workflows often quote the activity's words). */
  private static void add(List<String> parts, String message) {
    if (message == null || message.isBlank()) {
      return;
    }
    for (String outer : parts) {
      if (outer.contains(message)) {
        return;
      }
    }
    parts.add(message);
  }
}
