package dev.bosun.cli.operation;

import dev.bosun.cli.temporal.TemporalSession;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A read-only workflow the CLI runs to its answer (plan, the certificate check): a unique ID (not the cluster's lock),
 * a summary and search attributes for the UI, the result.
 */
public final class ReadOnlyRun {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ReadOnlyRun() {}

  /** What makes a read-only run's ID unique: the time it starts, e.g. 20261207T031500.123Z. */
  public static String stamp() {
    return STAMP.format(Instant.now());
  }

  public static <R> R run(
      TemporalSession session,
      String workflowType,
      String workflowId,
      String summary,
      SearchAttributes attributes,
      Object input,
      Class<R> resultType) {
    WorkflowOptions wo = WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(session.settings().taskQueue())
        .setStaticSummary(summary)
        .setTypedSearchAttributes(attributes)
        .build();
    WorkflowStub stub = session.client().newUntypedWorkflowStub(workflowType, wo);
    stub.start(input);
    return stub.getResult(resultType);
  }
}
