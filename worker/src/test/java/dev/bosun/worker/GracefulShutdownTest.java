package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.worker.Greetings.GreetingActivitiesImpl;
import dev.bosun.worker.Greetings.GreetingWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing the worker while an activity runs: it finishes within the grace, or is retried elsewhere. */
class GracefulShutdownTest {

  private TestTemporal temporal;

  @BeforeEach
  void startTemporal() {
    temporal = new TestTemporal();
  }

  @AfterEach
  void stopTemporal() throws Exception {
    temporal.close();
  }

  private EmbeddedWorker startWorker(
      String taskQueue, GreetingActivitiesImpl activities, String grace) {
    return EmbeddedWorker.builder()
        .serviceStubs(temporal.stubs())
        .property("bosun.temporal.task-queue", taskQueue)
        .property("bosun.worker.shutdown-grace", grace)
        .property("bosun.worker.sticky-schedule-to-start-timeout", "1s")
        .registrations(Greetings.registrations(activities))
        .start();
  }

  private CompletableFuture<String> startGreeting(
      String taskQueue, String workflowId, long activityMillis) {
    WorkflowClient client = temporal.client();
    GreetingWorkflow workflow = client.newWorkflowStub(
        GreetingWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(taskQueue)
            .setWorkflowId(workflowId)
            // The test server may hand a task to a long poll the stopped worker abandoned; the task
            // then waits for this timeout before it is offered again.
            .setWorkflowTaskTimeout(Duration.ofSeconds(1))
            .build());
    return WorkflowClient.execute(workflow::greet, "cp-1", activityMillis);
  }

  /** The activity's events in the workflow's history: what Temporal recorded, i.e. what is not lost. */
  private List<String> activityEvents(String workflowId) {
    return temporal.client().fetchHistory(workflowId).getEvents().stream()
        .map(e -> e.getEventType().name())
        .filter(type -> type.startsWith("EVENT_TYPE_ACTIVITY_TASK"))
        .toList();
  }

  /**
   * The SDK's test server keeps a workflow's next task on the stopped worker's sticky queue forever; a
   * real server hands it to any worker (ShutdownWorker, or after sticky-schedule-to-start-timeout), so
   * only there can the run finish on the next worker.
   */
  private void assertCompletesOnRealServer(CompletableFuture<String> result) throws Exception {
    if (temporal.isRealServer()) {
      assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo("hello cp-1");
    }
  }

  @Test
  void testInFlightActivityFinishesWithinTheGraceAndItsResultIsRecorded() throws Exception {
    GreetingActivitiesImpl first = new GreetingActivitiesImpl();
    EmbeddedWorker worker = startWorker("graceful", first, "10s");
    CompletableFuture<String> result = startGreeting("graceful", "graceful-1", 2000);
    assertThat(first.started.await(10, TimeUnit.SECONDS)).as("activity started").isTrue();
    BosunWorker stopped = worker.worker();

    long closing = System.nanoTime();
    worker.close();
    Duration closeTook = Duration.ofNanos(System.nanoTime() - closing);

    assertThat(first.events)
        .as("the in-flight activity ran to the end")
        .containsExactly("started 1", "completed 1");
    assertThat(closeTook)
        .as("close waited for the activity")
        .isGreaterThan(Duration.ofMillis(1000))
        .isLessThan(Duration.ofSeconds(10));
    assertThat(stopped.state()).isEqualTo(BosunWorker.State.STOPPED);
    assertThat(activityEvents("graceful-1"))
        .as("its result reached Temporal before the worker let go")
        .containsExactly(
            "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED",
            "EVENT_TYPE_ACTIVITY_TASK_STARTED",
            "EVENT_TYPE_ACTIVITY_TASK_COMPLETED");

    GreetingActivitiesImpl second = new GreetingActivitiesImpl();
    try (EmbeddedWorker next = startWorker("graceful", second, "10s")) {
      assertCompletesOnRealServer(result);
    }
    assertThat(second.events).as("nothing was run twice").isEmpty();
  }

  @Test
  void testActivityStillRunningAfterAShortGraceIsInterruptedAndRetriedByTheNextWorker()
      throws Exception {
    GreetingActivitiesImpl first = new GreetingActivitiesImpl();
    EmbeddedWorker worker = startWorker("short-grace", first, "200ms");
    CompletableFuture<String> result = startGreeting("short-grace", "short-grace-1", 1500);
    assertThat(first.started.await(10, TimeUnit.SECONDS)).isTrue();

    worker.close();

    assertThat(first.events).containsExactly("started 1", "interrupted 1");
    GreetingActivitiesImpl second = new GreetingActivitiesImpl();
    try (EmbeddedWorker next = startWorker("short-grace", second, "10s")) {
      // The interrupted attempt times out (start-to-close 3 s) and Temporal retries it here.
      await().atMost(Duration.ofSeconds(20)).until(() -> second.events.contains("completed 2"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> activityEvents("short-grace-1").contains("EVENT_TYPE_ACTIVITY_TASK_COMPLETED"));
      assertCompletesOnRealServer(result);
    }
    assertThat(second.events).containsExactly("started 2", "completed 2");
  }
}
