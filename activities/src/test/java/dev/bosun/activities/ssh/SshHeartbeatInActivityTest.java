package dev.bosun.activities.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ActivitySettings;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inside a real activity context the SSH layer heartbeats the last output line of a long command. */
class SshHeartbeatInActivityTest {

  @ActivityInterface
  public interface RemoteShell {
    String run(String command);
  }

  @TempDir
  Path dir;

  @Test
  void longCommandHeartbeatsItsLastOutputLine() throws Exception {
    List<String> details = new CopyOnWriteArrayList<>();
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try (EmbeddedSshd sshd = new EmbeddedSshd(dir);
        SshPool pool = new SshPool(new ActivitySettings(
            null, null, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5)))) {
      env.registerActivitiesImplementations(
          (RemoteShell) command -> pool.run(sshd.target(false), command).stdout());
      env.setActivityHeartbeatListener(String.class, details::add);
      RemoteShell shell = env.newActivityStub(
          RemoteShell.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setHeartbeatTimeout(Duration.ofSeconds(3))
              .build());
      assertEquals(
          "pulling images\nupgraded\n", shell.run("echo 'pulling images'; sleep 5; echo upgraded"));
    } finally {
      env.close();
    }
    assertTrue(details.contains("pulling images"), "heartbeats: " + details);
  }
}
