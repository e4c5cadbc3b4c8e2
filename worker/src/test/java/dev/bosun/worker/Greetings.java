package dev.bosun.worker;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A tiny workflow + activity that the worker tests register through the normal registration path. */
final class Greetings {

  private Greetings() {}

  @WorkflowInterface
  public interface GreetingWorkflow {
    @WorkflowMethod
    String greet(String name, long activityMillis);
  }

  @ActivityInterface
  public interface GreetingActivities {
    String compose(String name, long millis);
  }

  public static class GreetingWorkflowImpl implements GreetingWorkflow {
    private final GreetingActivities activities = Workflow.newActivityStub(
        GreetingActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(3))
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setMaximumAttempts(5)
                .build())
            .build());

    @Override
    public String greet(String name, long activityMillis) {
      Workflow.getLogger(GreetingWorkflowImpl.class).info("greeting {}", name);
      return activities.compose(name, activityMillis);
    }
  }

  /** Records what happened, so tests can tell finished, interrupted and retried attempts apart. */
  public static class GreetingActivitiesImpl implements GreetingActivities {
    static final Logger log = LoggerFactory.getLogger(GreetingActivitiesImpl.class);
    final CountDownLatch started = new CountDownLatch(1);
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public String compose(String name, long millis) {
      int attempt =
          io.temporal.activity.Activity.getExecutionContext().getInfo().getAttempt();
      log.info("composing greeting for {} (attempt {})", name, attempt);
      events.add("started " + attempt);
      started.countDown();
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        events.add("interrupted " + attempt);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      events.add("completed " + attempt);
      return "hello " + name;
    }
  }

  static Registrations registrations(GreetingActivitiesImpl activities) {
    return new Registrations(List.of(GreetingWorkflowImpl.class), List.of(activities));
  }

  /** A worker for the greetings on {@code taskQueue} of {@code temporal}, with its HTTP server. */
  static EmbeddedWorker.Builder httpWorker(
      TestTemporal temporal, String taskQueue, GreetingActivitiesImpl activities) {
    return EmbeddedWorker.builder()
        .property("bosun.temporal.address", temporal.address())
        .property("bosun.temporal.task-queue", taskQueue)
        .registrations(registrations(activities))
        .httpServer(true);
  }
}
