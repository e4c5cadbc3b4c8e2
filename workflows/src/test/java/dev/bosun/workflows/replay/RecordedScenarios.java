package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import io.temporal.client.WorkflowFailedException;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A saga's recorded scenarios under histories/{@code dir}/, one file each: every committed recording replays against
 * today's code, a fresh recording replays and still shows its scenario, and
 * {@code -Dbosun.recordHistories=true -Dtest=<the test>} writes fresh recordings over the committed ones. A change to
 * the runbook that is not replay-safe fails here before it breaks a running workflow.
 */
abstract class RecordedScenarios {

  private final String dir;
  private final Class<?> implementation;

  RecordedScenarios(String dir, Class<?> implementation) {
    this.dir = dir;
    this.implementation = implementation;
  }

  /**
   * One recorded run: its file, whether the run fails, and what its history must contain to be that scenario (an
   * activity, a failure type).
   */
  record Scenario(String file, boolean fails, String shows) {}

  abstract List<Scenario> scenarios();

  /** A fresh run of the scenario that fails when {@code fails}, and its history ({@link #history}). */
  abstract String record(boolean fails);

  @TestFactory
  Stream<DynamicTest> testCommittedHistoriesReplay() {
    return scenarios().stream()
        .map(s -> DynamicTest.dynamicTest(
            s.file() + " replays",
            () -> Replay.resource("histories/" + dir + "/" + s.file(), implementation)));
  }

  @Test
  void testFreshRecordingReplaysAndHoldsItsScenario() throws Exception {
    for (Scenario s : scenarios()) {
      String history = record(s.fails());
      Replay.json(history, implementation);
      assertTrue(history.contains(s.shows()), s.file() + " shows " + s.shows());
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "bosun.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    Path out = HistoryRecorder.DIR.resolve(dir);
    Files.createDirectories(out);
    for (Scenario s : scenarios()) {
      Files.writeString(out.resolve(s.file()), record(s.fails()));
    }
  }

  /** The history of lab1's mutation run that {@code start} awaits; it may fail only when {@code fails}. */
  static String history(TestWorkflowEnvironment env, boolean fails, Runnable start) {
    try {
      start.run();
    } catch (WorkflowFailedException e) {
      if (!fails) {
        throw e;
      }
    }
    return env.getWorkflowClient().fetchHistory(WorkflowIds.mutation("lab1")).toJson(true);
  }
}
