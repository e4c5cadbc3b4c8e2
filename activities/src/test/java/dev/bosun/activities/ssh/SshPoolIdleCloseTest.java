package dev.bosun.activities.ssh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ActivitySettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections with no command for the idle period are closed and reopened on next use. */
class SshPoolIdleCloseTest {

  private static final Duration IDLE = Duration.ofMillis(200);

  @TempDir
  Path dir;

  EmbeddedSshd sshd;
  SshPool pool;

  @BeforeEach
  void start() throws Exception {
    sshd = new EmbeddedSshd(dir);
    pool = new SshPool(new ActivitySettings(
        null, null, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), IDLE));
  }

  @AfterEach
  void stop() throws Exception {
    pool.close();
    sshd.close();
  }

  @Test
  void anIdleConnectionIsClosedAndTheNextCommandReconnects() {
    assertEquals("one\n", pool.run(sshd.target(false), "echo one").stdout());
    await().atMost(Duration.ofSeconds(5)).until(() -> !pool.isConnected(sshd.target(false)));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sshd.activeSessions() == 0); // the server saw it go
    assertEquals(1, pool.connects(sshd.target(false)));

    assertEquals("two\n", pool.run(sshd.target(false), "echo two").stdout());
    assertEquals(2, pool.connects(sshd.target(false)));
    assertEquals(2, sshd.sessionsCreated.get());
  }

  @Test
  void aCommandLongerThanTheIdlePeriodIsNotInterrupted() {
    // Five idle periods of one command, with the reaper checking every half period meanwhile.
    CommandResult r = pool.run(sshd.target(false), "sleep 1; echo done");
    assertEquals(0, r.exitCode());
    assertEquals("done\n", r.stdout());
    assertEquals(1, pool.connects(sshd.target(false)));
    assertTrue(r.took().toMillis() >= 1000, r.took().toString());
  }

  @Test
  void aBusyConnectionStaysOpen() {
    // Commands back to back, each shorter than the idle period: the connection is never idle for a
    // whole period.
    long until = System.nanoTime() + Duration.ofMillis(800).toNanos();
    while (System.nanoTime() < until) {
      assertEquals(0, pool.run(sshd.target(false), "sleep 0.05").exitCode());
    }
    assertEquals(1, pool.connects(sshd.target(false)));
  }

  @Test
  void theIdlePeriodMustBePositive() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> new SshPool(new ActivitySettings(
            null,
            null,
            2,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ZERO)));
    assertTrue(e.getMessage().contains("idleClose"), e.getMessage());
  }

  @Test
  void theDefaultIdlePeriodIsTwoMinutes() {
    assertEquals(Duration.ofMinutes(2), ActivitySettings.defaults().idleClose());
    assertEquals(
        Duration.ofMinutes(2),
        new ActivitySettings(
                null, null, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5))
            .idleClose());
  }
}
