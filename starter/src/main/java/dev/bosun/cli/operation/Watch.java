package dev.bosun.cli.operation;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Follows one workflow until it closes: polls its state, draws it, and stops early when {@code stopWhen}
 * says so (a start command without --watch stops when the run waits for an operator).
 */
public final class Watch {

  /** How often the live view asks the workflow for its state. */
  public static final Duration INTERVAL = Duration.ofMillis(400);

  /**
   * @param result the workflow's result (null if it failed, or stopped early)
   * @param failure why the workflow failed (null otherwise)
   * @param stoppedAt the state that made the watch stop early (null when the workflow closed)
   */
  public record Outcome<R>(
      R result, WorkflowFailedException failure, LiveState last, LiveState stoppedAt) {
    public boolean closed() {
      return stoppedAt == null;
    }
  }

  private Watch() {}

  public static <R> Outcome<R> follow(
      WorkflowClient client,
      String workflowId,
      Followed<R> kind,
      LiveView view,
      Predicate<LiveState> stopWhen) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    CompletableFuture<R> result = stub.getResultAsync(kind.resultType());
    LiveState last = null;
    while (!result.isDone()) {
      LiveState s = poll(client, workflowId, kind);
      if (s != null) {
        last = s;
        view.show(s);
        if (stopWhen.test(s)) {
          return new Outcome<>(null, null, s, s);
        }
      }
      sleep(result);
    }
    LiveState finalState = poll(client, workflowId, kind);
    if (finalState != null) {
      last = finalState;
      view.show(finalState);
    }
    try {
      return new Outcome<>(result.get(), null, last, null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WorkflowFailedException f) {
        return new Outcome<>(kind.reportOf(client, workflowId, f), f, last, null);
      }
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while watching " + workflowId, e);
    }
  }

  private static <R> LiveState poll(WorkflowClient client, String workflowId, Followed<R> kind) {
    try {
      return kind.poll(client, workflowId);
    } catch (RuntimeException e) {
      return null; // not started yet, or between runs: the next poll will see it
    }
  }

  private static void sleep(CompletableFuture<?> result) {
    try {
      result.get(INTERVAL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
      // a timeout is the normal case; a failure is read by the caller
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The text of a failure, without the SDK's wrapper messages: the activity's or workflow's own words. */
  public static String reason(WorkflowFailedException f) {
    return FailureReason.of(f);
  }
}
