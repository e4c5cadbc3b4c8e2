package dev.bosun.activities.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ActivityImplementations;
import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.Failures;
import dev.bosun.workflows.BosunActivityOptions;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeout chain: an SSH command never outlives its activity attempt; kube requests stay below heartbeats. */
class CommandTimeoutsTest {

  private static final long T0 = 1_000_000L;

  @Test
  void theRequestedTimeoutIsKeptWhenTheActivityHasTimeEnough() {
    assertEquals(
        Duration.ofMinutes(1),
        CommandTimeouts.cap(Duration.ofMinutes(1), T0, Duration.ofMinutes(10), T0));
  }

  @Test
  void theTimeoutIsCappedAtWhatIsLeftMinusTheMargin() {
    // QUICK: 2 min start-to-close, 30 s already gone, 10 s margin -> 80 s.
    assertEquals(
        Duration.ofSeconds(80),
        CommandTimeouts.cap(Duration.ofMinutes(15), T0, Duration.ofMinutes(2), T0 + 30_000));
    // A short activity: the margin is a tenth of its start-to-close.
    assertEquals(
        Duration.ofMillis(5400),
        CommandTimeouts.cap(Duration.ofMinutes(15), T0, Duration.ofSeconds(6), T0));
  }

  @Test
  void aCommandAlwaysGetsAtLeastTheMinimumAndUnknownsChangeNothing() {
    assertEquals(
        CommandTimeouts.MINIMUM,
        CommandTimeouts.cap(Duration.ofMinutes(15), T0, Duration.ofMinutes(2), T0 + 200_000));
    assertEquals(
        Duration.ofMinutes(15),
        CommandTimeouts.cap(Duration.ofMinutes(15), 0, Duration.ofMinutes(2), T0));
    assertEquals(Duration.ofMinutes(15), CommandTimeouts.cap(Duration.ofMinutes(15), T0, null, T0));
  }

  @Test
  void kubeRequestsTimeOutWellBeforeAHeartbeatIsMissed() {
    Duration request = ActivityImplementations.KUBE_REQUEST_TIMEOUT;
    for (ActivityOptions o :
        new ActivityOptions[] {BosunActivityOptions.WAIT_READY, BosunActivityOptions.DRAIN_ROUND}) {
      assertTrue(
          request.multipliedBy(2).compareTo(o.getHeartbeatTimeout()) <= 0,
          request + " vs heartbeat " + o.getHeartbeatTimeout());
    }
    assertEquals(
        BosunActivityOptions.HOST_HEARTBEAT, BosunActivityOptions.HOST_STEP.getHeartbeatTimeout());
    assertEquals(
        BosunActivityOptions.HOST_HEARTBEAT,
        BosunActivityOptions.KUBEADM_APPLY.getHeartbeatTimeout());
    assertEquals(2, BosunActivityOptions.KUBEADM_APPLY.getRetryOptions().getMaximumAttempts());
  }

  @ActivityInterface
  public interface RunCommand {
    String runCommand(String command);
  }

  @Test
  void insideAnActivityTheSshTimeoutIsCappedAtItsStartToClose(@TempDir Path dir) throws Exception {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try (EmbeddedSshd sshd = new EmbeddedSshd(dir);
        // The worker-wide command timeout (30 s) is far longer than the activity's 6 s
        // start-to-close.
        SshPool pool = new SshPool(new ActivitySettings(
            null, null, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5)))) {
      env.registerActivitiesImplementations(
          (RunCommand) command -> pool.run(sshd.target(false), command).stdout());
      RunCommand activity = env.newActivityStub(
          RunCommand.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(6))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
              .build());
      long start = System.nanoTime();
      ActivityFailure f =
          assertThrows(ActivityFailure.class, () -> activity.runCommand("echo started; sleep 20"));
      ApplicationFailure cause = assertInstanceOf(
          ApplicationFailure.class,
          f.getCause(),
          "Bosun's own timeout, not Temporal's: " + f.getCause());
      assertEquals(Failures.COMMAND_TIMEOUT, cause.getType());
      assertTrue(
          cause.getOriginalMessage().contains("did not finish within 5s"),
          cause.getOriginalMessage());
      assertTrue(
          Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10,
          "not the 20 s of the command");
    } finally {
      env.close();
    }
  }
}
