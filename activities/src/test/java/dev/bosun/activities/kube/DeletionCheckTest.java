package dev.bosun.activities.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeletionCheckTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Duration next(String meta, long millisSinceEviction) throws Exception {
    return EvictionRunner.nextDeletionCheck(
        JSON.readTree(meta), Duration.ofMillis(millisSinceEviction));
  }

  @Test
  void looksAgainJustAfterTheGracePeriodEndsWhenThatIsSooner() throws Exception {
    assertEquals(Duration.ofMillis(300 + 100), next("{\"deletionGracePeriodSeconds\":1}", 700));
  }

  @Test
  void pollsAtTheRegularIntervalWhileTheGracePeriodIsLong() throws Exception {
    assertEquals(EvictionRunner.DELETION_POLL, next("{\"deletionGracePeriodSeconds\":10}", 20));
    assertEquals(EvictionRunner.DELETION_POLL, next("{\"name\":\"web-1\"}", 20));
  }

  @Test
  void podsWithTheLongestGracePeriodAreEvictedFirst() {
    var order = EvictionRunner.evictionOrder(java.util.List.of(
        new dev.bosun.workflows.activities.PodRef("d", "a", 1),
        new dev.bosun.workflows.activities.PodRef("d", "b", 10),
        new dev.bosun.workflows.activities.PodRef("d", "c", 1),
        new dev.bosun.workflows.activities.PodRef("d", "e", 3)));
    assertEquals(
        java.util.List.of("b", "e", "a", "c"),
        order.stream().map(dev.bosun.workflows.activities.PodRef::name).toList());
  }

  @Test
  void pollsFasterOncePastTheGracePeriod() throws Exception {
    assertEquals(EvictionRunner.OVERDUE_POLL, next("{\"deletionGracePeriodSeconds\":1}", 1200));
  }
}
