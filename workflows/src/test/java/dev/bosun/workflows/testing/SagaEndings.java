package dev.bosun.workflows.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.workflows.WorkflowIds;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;

/** How a saga's test reads the end of a run: the report its failure carries, and the search attributes it left. */
public final class SagaEndings {

  private SagaEndings() {}

  /**
   * The report in the failure of {@code run} (a workflow's result awaited): the run must fail with an
   * {@link ApplicationFailure} of {@code type} that carries a {@code report}.
   */
  public static <R> R failedReport(Runnable run, String type, Class<R> report) {
    Throwable e = null;
    try {
      run.run();
    } catch (Throwable t) {
      e = t;
    }
    assertThat(e).as("the run fails").isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure af = (ApplicationFailure) e.getCause();
    assertThat(af.getType()).isEqualTo(type);
    return af.getDetails().get(report);
  }

  /** A search attribute of lab1's mutation run (the one ID the backup and drill tests start). */
  public static String searchAttribute(
      TestWorkflowEnvironment env, SearchAttributeKey<String> key) {
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(WorkflowIds.mutation("lab1"))
        .describe()
        .getTypedSearchAttributes()
        .get(key);
  }
}
