package dev.bosun.workflows;

import dev.bosun.workflows.activities.KubernetesActivities;
import dev.bosun.workflows.activities.NodeActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

/** Activity stubs with a per-call summary. A stub is cheap; one per call keeps each summary exact. */
public final class Activities {

  private Activities() {}

  public static KubernetesActivities kube(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(KubernetesActivities.class, BosunActivityOptions.summarized(options, summary));
  }

  public static NodeActivities node(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(NodeActivities.class, BosunActivityOptions.summarized(options, summary));
  }
}
