package dev.bosun.workflows.saga;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;
import dev.bosun.workflows.TaskQueues;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.drill.DrillResult;
import dev.bosun.workflows.testing.SagaEndings;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The step runner and ledger the backup and the drill share, on a two-step saga of their shape (with the drill's
 * result values): each step timed on the workflow's clock, the undo run before the report ends, the failure named
 * after the operation and the step, the result and BosunPhase search attributes at the end.
 */
@Timeout(60)
class SagaStepsTest {

  public enum Step implements Labelled {
    COPY,
    VERIFY;

    @JsonValue
    @Override
    public String toString() {
      return Labels.of(this);
    }
  }

  /** @param undone whether the undo had run when the report was built */
  public record Report(
      String subject,
      DrillResult result,
      Step failedStep,
      String reason,
      boolean undone,
      Map<String, Long> stepMillis,
      long durationMillis) {}

  static final class Ledger extends StepLedger<Step, DrillResult, Report> {
    boolean undone;

    Ledger() {
      super(BosunSearchAttributes.BACKUP_RESULT, "", Step.COPY, "starting");
    }

    @Override
    public Report failed(Step step, String reason) {
      return end(DrillResult.FAILED, step, reason);
    }

    Report passed() {
      return end(DrillResult.PASSED, null, "both steps ran");
    }

    @Override
    protected Report build(DrillResult result, Step failedStep, String reason) {
      return new Report(
          subject(),
          result,
          failedStep,
          reason,
          undone,
          new LinkedHashMap<>(stepMillis()),
          elapsed());
    }

    @Override
    protected String text(Report report) {
      return report.result() + ": " + report.reason() + "\n"
          + StepText.durations(report.stepMillis(), report.durationMillis());
    }
  }

  @WorkflowInterface
  public interface TwoSteps {
    @WorkflowMethod
    Report run(boolean verifyFails);
  }

  public static class TwoStepsImpl implements TwoSteps {
    private final Ledger ledger = new Ledger();
    private final SagaSteps<Step> steps =
        new SagaSteps<>("rehearsal", ledger, () -> ledger.undone = true);

    @Override
    public Report run(boolean verifyFails) {
      ledger.begin("lab1", Workflow.currentTimeMillis(), DrillResult.RUNNING);
      ledger.named("copy-1");
      steps.run(Step.COPY, () -> Workflow.sleep(Duration.ofSeconds(5)));
      steps.run(Step.VERIFY, () -> {
        Workflow.sleep(Duration.ofSeconds(2));
        if (verifyFails) {
          throw ApplicationFailure.newNonRetryableFailure(
              "2 differences found", "OffHostVerifyFailed");
        }
      });
      return ledger.passed();
    }
  }

  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp() {
    env = TestClusters.newEnvironment();
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(TwoStepsImpl.class);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void testEachStepIsTimedInOrderAndThePassIsTheResult() {
    Report r = stub().run(false);
    assertThat(r.result()).isEqualTo(DrillResult.PASSED);
    assertThat(r.subject()).isEqualTo("copy-1");
    // each at least its timer: the test server's clock also runs while a workflow task is worked on
    // (a JVM's
    // first one loads classes), so no upper bound
    assertThat(r.stepMillis().keySet()).containsExactly("copy", "verify");
    long copy = r.stepMillis().get("copy");
    long verify = r.stepMillis().get("verify");
    assertThat(copy).isGreaterThanOrEqualTo(5_000L);
    assertThat(verify).isGreaterThanOrEqualTo(2_000L);
    assertThat(r.durationMillis()).isGreaterThanOrEqualTo(copy + verify);
    assertThat(r.undone()).isFalse();
    assertThat(SagaEndings.searchAttribute(env, BosunSearchAttributes.BACKUP_RESULT))
        .isEqualTo("passed");
    assertThat(SagaEndings.searchAttribute(env, BosunSearchAttributes.PHASE))
        .isEqualTo("Completed");
  }

  @Test
  void testAFailedStepIsUndoneBeforeTheReportNamesItAndTheRunFailsWithTheReport() {
    Report r = SagaEndings.failedReport(() -> stub().run(true), "RehearsalFailed", Report.class);
    assertThat(r.result()).isEqualTo(DrillResult.FAILED);
    assertThat(r.failedStep()).isEqualTo(Step.VERIFY);
    assertThat(r.reason()).isEqualTo("2 differences found (OffHostVerifyFailed)");
    assertThat(r.undone()).as("the undo ran before the report ended").isTrue();
    assertThat(r.stepMillis().keySet()).containsExactly("copy", "verify");
    assertThat(SagaEndings.searchAttribute(env, BosunSearchAttributes.BACKUP_RESULT))
        .isEqualTo("failed");
    assertThat(SagaEndings.searchAttribute(env, BosunSearchAttributes.PHASE)).isEqualTo("Failed");
  }

  private TwoSteps stub() {
    return env.getWorkflowClient()
        .newWorkflowStub(TwoSteps.class, TestClusters.options(WorkflowIds.mutation("lab1")));
  }
}
