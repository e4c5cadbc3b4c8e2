package dev.bosun.worker;

import dev.bosun.activities.ActivityImplementations;
import dev.bosun.workflows.BosunWorkflows;
import java.util.List;

/**
 * What a worker registers on its task queue: workflow implementation classes and activity
 * implementation objects. Bosun's own set comes from {@link #bosun}; tests and embedders may pass theirs.
 */
public record Registrations(
    List<Class<?>> workflowImplementations, List<Object> activityImplementations) {

  public Registrations {
    workflowImplementations = List.copyOf(workflowImplementations);
    activityImplementations = List.copyOf(activityImplementations);
  }

  /** Every Bosun workflow ({@link BosunWorkflows#IMPLEMENTATIONS}) and every activity of {@code activities}. */
  public static Registrations bosun(ActivityImplementations activities) {
    return new Registrations(BosunWorkflows.IMPLEMENTATIONS, activities.implementations());
  }
}
