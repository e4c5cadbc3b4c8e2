package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.drain.NodeDrainWorkflowImpl;
import dev.bosun.workflows.testing.ContinuingUpgrades;
import dev.bosun.workflows.upgrade.NodeUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the operator scenarios recorded before issue 12's refactor (histories/scenarios/, see
 * {@link ScenarioRecorder}) against today's code: a failed node retried, a skipped node, an abort, a
 * continue-as-new chain, drains that timed out behind a PodDisruptionBudget. Each history is also
 * checked to really contain its scenario, so a re-recording that lost it fails here.
 */
@Timeout(120)
class ScenarioReplayTest {

  static List<String> files() {
    return ScenarioRecorder.files();
  }

  @ParameterizedTest(name = "{0} replays")
  @MethodSource("files")
  void testRecordedScenarioReplays(String file) throws Exception {
    Replay.resource(
        "histories/scenarios/" + file,
        RollingUpgradeWorkflowImpl.class,
        NodeUpgradeWorkflowImpl.class,
        NodeDrainWorkflowImpl.class);
  }

  /** Both runs of the chain replay: the first ends in continue-as-new, the second resumes from its checkpoint. */
  @ParameterizedTest(name = "continue-as-new run {0} replays")
  @ValueSource(ints = {1, 2})
  void testContinueAsNewRunReplays(int run) throws Exception {
    Replay.resource(
        "histories/scenarios/continue-as-new-run-" + run + ".json",
        ContinuingUpgrades.After60Events.class,
        NodeUpgradeWorkflowImpl.class,
        NodeDrainWorkflowImpl.class);
  }

  @Test
  void testTheHistoriesHoldTheirScenarios() throws IOException {
    assertTrue(updates("retry-rolling-upgrade.json").contains("retry"));
    assertTrue(updates("skip-rolling-upgrade.json").contains("skip"));
    assertTrue(updates("abort-rolling-upgrade.json").contains("abort"));
    assertTrue(payloads("abort-rolling-upgrade.json")
        .contains("aborted by operator: maintenance window over"));
    assertTrue(payloads("retry-node-upgrade-w-1.json")
        .contains("injected failure of kubeadm-upgrade on w-1"));
    assertTrue(payloads("skip-node-upgrade-w-1.json").contains("rolled-back"));
    assertEquals(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
        last("continue-as-new-run-1.json").getEventType());
    assertEquals(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        last("continue-as-new-run-2.json").getEventType());
    assertTrue(text("drain-pdb-timed-out.json").contains("DrainTimedOut"));
    assertTrue(text("drain-pdb-timed-out.json").contains("app-pdb"));
    assertTrue(payloads("pdb-node-upgrade-w-1.json").contains("drain timed out"));
  }

  /** Writes fresh recordings over the committed ones: {@code -Dbosun.recordHistories=true -Dtest=ScenarioReplayTest}. */
  @Test
  @EnabledIfSystemProperty(named = "bosun.recordHistories", matches = "true")
  void recordScenarios() throws Exception {
    ScenarioRecorder.main(new String[0]);
  }

  private static String text(String file) throws IOException {
    try (InputStream in = ScenarioReplayTest.class
        .getClassLoader()
        .getResourceAsStream("histories/scenarios/" + file)) {
      if (in == null) {
        throw new IOException("no recorded history " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The history with its payloads decoded (they are stored base64 in the JSON). */
  private static String payloads(String file) throws IOException {
    return Replay.payloads(text(file));
  }

  private static HistoryEvent last(String file) throws IOException {
    return WorkflowExecutionHistory.fromJson(text(file)).getLastEvent();
  }

  private static List<String> updates(String file) throws IOException {
    return WorkflowExecutionHistory.fromJson(text(file)).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .map(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes()
            .getAcceptedRequest()
            .getInput()
            .getName())
        .toList();
  }
}
