package dev.bosun.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.rules.SentinelPayload;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The sentinel's time against the backup's run, with Velero's startTimestamp in whole seconds (metav1.Time). */
class SentinelCheckTest {

  private static final long TAKEN = Instant.parse("2026-12-07T07:24:43Z").toEpochMilli();
  private static final String UUID = "d6128673-82a1-3d52-b28a-cbf4490f0855";

  private static Sentinel writtenAt(long millis) {
    return new Sentinel(
        Sentinel.NAMESPACE, Sentinel.NAME, UUID, millis, SentinelPayload.sha256(UUID, millis));
  }

  @Test
  void testSentinelWrittenInTheSecondVeleroStartedIsThisBackups() {
    // Velero's startTimestamp "07:24:43Z" for a Backup created at 07:24:43.6: the sentinel at .492
    // came first
    assertThat(SentinelCheck.problem(writtenAt(TAKEN + 492), TAKEN, TAKEN)).isNull();
  }

  @Test
  void testSentinelWrittenAfterVeleroStartedIsNot() {
    assertThat(SentinelCheck.problem(writtenAt(TAKEN + 1000), TAKEN, TAKEN))
        .contains("written after Velero started the backup");
  }

  @Test
  void testSentinelOlderThanTheBackupIsStale() {
    assertThat(SentinelCheck.problem(writtenAt(TAKEN - 3_600_000), TAKEN, TAKEN))
        .startsWith("stale sentinel " + UUID);
  }
}
