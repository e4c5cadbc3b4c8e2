package dev.bosun.activities.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeletionCheckTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");

  private static Duration next(String meta) throws Exception {
    return EvictionRunner.nextDeletionCheck(JSON.readTree(meta), NOW);
  }

  @Test
  void looksAgainJustAfterTheGracePeriodEndsWhenThatIsSooner() throws Exception {
    assertEquals(Duration.ofMillis(350), next("{\"deletionTimestamp\":\"2026-11-21T06:00:00.300Z\"}"));
  }

  @Test
  void pollsAtTheRegularIntervalWhileTheGracePeriodIsLong() throws Exception {
    assertEquals(EvictionRunner.DELETION_POLL, next("{\"deletionTimestamp\":\"2026-11-21T06:00:09Z\"}"));
    assertEquals(EvictionRunner.DELETION_POLL, next("{\"name\":\"web-1\"}"));
  }

  @Test
  void pollsFasterOncePastTheGracePeriod() throws Exception {
    assertEquals(EvictionRunner.OVERDUE_POLL, next("{\"deletionTimestamp\":\"2026-11-21T05:59:59Z\"}"));
  }
}
