package dev.bosun.workflows.testing;

import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How a fake's long activity behaves: hangs like a killed worker's, or heartbeats until Temporal cancels it. */
public final class ActivityWaits {

  private ActivityWaits() {}

  /**
   * Heartbeats {@code detail} every {@code periodMillis} until the activity is cancelled (the heartbeat throws) or
   * its thread is interrupted; returns what ended it, for the fake to clean up and rethrow.
   */
  public static RuntimeException heartbeatUntilCancelled(String detail, long periodMillis) {
    try {
      while (true) {
        Activity.getExecutionContext().heartbeat(detail);
        Thread.sleep(periodMillis);
      }
    } catch (ActivityCompletionException e) {
      return e;
    } catch (InterruptedException e) {
      return new RuntimeException(e);
    }
  }

  /** A worker killed mid-activity: neither heartbeats nor ends until the test releases it (five minutes at most). */
  public static void hangUntil(CountDownLatch released) {
    try {
      released.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
