package dev.bosun.cli.schedule;

import dev.bosun.cli.operation.Mutation;
import dev.bosun.cli.operation.OperationKind;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowIds;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import java.util.List;
import java.util.Map;

/**
 * A Temporal Schedule over any operation the CLI starts ({@link OperationKind}): each run is the operation's own
 * workflow type, input, summary and search attributes, exactly as the command would start it; only its workflow ID
 * differs, Temporal appending the fire time ({@code bosun:lab1-2026-12-06T03:00:00Z}).
 */
public final class ScheduledOperations {

  /** Memo keys: the schedule as the operator wrote it (Temporal keeps the cron only compiled to calendars). */
  public static final String MEMO_CRON = "bosunCron";

  public static final String MEMO_OPERATION = "bosunOperation";

  private ScheduledOperations() {}

  /** The default schedule ID of an operation on a cluster: {@code bosun:<cluster>:<operation>}. */
  public static String scheduleId(String cluster, String operation) {
    return WorkflowIds.mutation(cluster) + ":" + operation;
  }

  /** The prefix of every schedule ID of a cluster made by default. */
  public static String clusterPrefix(String cluster) {
    return WorkflowIds.mutation(cluster) + ":";
  }

  public static Schedule schedule(OperationKind<?> kind, String taskQueue, ScheduleSettings s) {
    Mutation m = kind.mutation();
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(m.workflowType())
            .setOptions(m.options(taskQueue))
            .setArguments(kind.input())
            .build())
        .setSpec(ScheduleSpec.newBuilder()
            .setCronExpressions(List.of(s.cron()))
            .setTimeZoneName(s.timeZone())
            .setJitter(s.jitter())
            .build())
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(s.overlap().policy()).build())
        .setState(ScheduleState.newBuilder()
            .setNote("created by bosun schedule create " + m.operation())
            .build())
        .build();
  }

  /** The schedule's own search attributes and memo: which cluster and operation, and the cron as written. */
  public static ScheduleOptions options(OperationKind<?> kind, ScheduleSettings s) {
    Mutation m = kind.mutation();
    return ScheduleOptions.newBuilder()
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(BosunSearchAttributes.CLUSTER, m.cluster())
            .set(BosunSearchAttributes.OPERATION, m.operation())
            .build())
        .setMemo(Map.of(MEMO_CRON, s.cron(), MEMO_OPERATION, m.operation()))
        .build();
  }
}
