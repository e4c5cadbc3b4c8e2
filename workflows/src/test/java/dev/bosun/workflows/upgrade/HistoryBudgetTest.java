package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistoryBudgetTest {

  @Test
  void testContinuesAsNewWhenSuggestedOrPastTheThreshold() {
    assertTrue(HistoryBudget.continueAsNew(true, 100, 7_000, true));
    assertTrue(HistoryBudget.continueAsNew(false, 7_001, 7_000, true));
    assertFalse(HistoryBudget.continueAsNew(false, 6_999, 7_000, true));
  }

  @Test
  void testNeverAfterTheLastBatch() {
    assertFalse(HistoryBudget.continueAsNew(true, 9_000, 7_000, false));
  }

  @Test
  void testThresholdLeavesRoomForTheNextBatch() {
    assertEquals(7_000, HistoryBudget.thresholdFor(50));
    assertEquals(9_000 - 12 * 300, HistoryBudget.thresholdFor(300));
    assertEquals(1_000, HistoryBudget.thresholdFor(5_000));
  }
}
