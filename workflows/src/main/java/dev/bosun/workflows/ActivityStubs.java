package dev.bosun.workflows;

import dev.bosun.workflows.activities.BackupActivities;
import dev.bosun.workflows.activities.BootstrapActivities;
import dev.bosun.workflows.activities.ClusterLockActivities;
import dev.bosun.workflows.activities.DrillActivities;
import dev.bosun.workflows.activities.HypervisorActivities;
import dev.bosun.workflows.activities.KubernetesActivities;
import dev.bosun.workflows.activities.NodeActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

/**
 * Workflow-side activity stubs with a per-call summary (a stub is cheap; one per call keeps each summary
 * exact). Not to be confused with the {@code activities} package (the activity contracts), the
 * {@code activities} module (their implementations) or {@code ActivityImplementations} (which builds them).
 */
public final class ActivityStubs {

  private ActivityStubs() {}

  public static KubernetesActivities kube(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(
        KubernetesActivities.class, BosunActivityOptions.summarized(options, summary));
  }

  public static NodeActivities node(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(
        NodeActivities.class, BosunActivityOptions.summarized(options, summary));
  }

  public static HypervisorActivities hypervisor(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(
        HypervisorActivities.class, BosunActivityOptions.summarized(options, summary));
  }

  public static BackupActivities backupActivities(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(
        BackupActivities.class, BosunActivityOptions.summarized(options, summary));
  }

  public static ClusterLockActivities clusterLock(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(
        ClusterLockActivities.class, BosunActivityOptions.summarized(options, summary));
  }

  public static BootstrapActivities bootstrap(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(
        BootstrapActivities.class, BosunActivityOptions.summarized(options, summary));
  }

  public static DrillActivities drillActivities(ActivityOptions options, String summary) {
    return Workflow.newActivityStub(
        DrillActivities.class, BosunActivityOptions.summarized(options, summary));
  }
}
