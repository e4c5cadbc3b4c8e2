package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.drain.NodeDrainWorkflowImpl;
import dev.bosun.workflows.upgrade.NodeUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflowImpl;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded histories against today's code: a change that is not replay-safe (a new activity,
 * a reordered call) fails here before it breaks a running upgrade. The committed histories come from
 * {@link HistoryRecorder#main}; a fresh recording is replayed too.
 */
@Timeout(60)
class HistoryReplayTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rolling-upgrade.json",
        "node-upgrade-cp-1.json",
        "node-upgrade-w-1.json",
        "node-upgrade-cp-1-drift-guard.json", // recorded with the config-drift guard (and
        // certificate renewal)
        "node-upgrade-w-1-drift-guard.json",
        "node-drain.json"
      })
  void testCommittedHistoryReplays(String file) throws Exception {
    Replay.resource(
        "histories/" + file,
        RollingUpgradeWorkflowImpl.class,
        NodeUpgradeWorkflowImpl.class,
        NodeDrainWorkflowImpl.class);
  }

  /** -Dbosun.recordHistories=DIR writes the fresh node-upgrade recordings there as *-drift-guard.json. */
  @Test
  void testFreshRecordingReplays() throws Exception {
    String dir = System.getProperty("bosun.recordHistories");
    for (Map.Entry<String, String> e : HistoryRecorder.record().entrySet()) {
      if (dir != null && e.getKey().startsWith("node-upgrade-")) {
        java.nio.file.Files.writeString(
            java.nio.file.Path.of(dir, e.getKey().replace(".json", "-drift-guard.json")),
            e.getValue());
      }
      Replay.json(
          e.getValue(),
          RollingUpgradeWorkflowImpl.class,
          NodeUpgradeWorkflowImpl.class,
          NodeDrainWorkflowImpl.class);
    }
  }

  /** The replayer really checks: the drain history does not replay against a workflow that skips the cordon. */
  @Test
  void testChangedCodeDoesNotReplay() {
    RuntimeException e = assertThrows(
        RuntimeException.class,
        () -> Replay.resource("histories/node-drain.json", DrainWithoutCordon.class));
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.append(t).append('\n');
    }
    assertTrue(chain.toString().contains("NonDeterministicException"), chain.toString());
  }

  public static class DrainWithoutCordon extends NodeDrainWorkflowImpl {
    @Override
    public dev.bosun.workflows.drain.DrainReport drain(
        dev.bosun.workflows.drain.DrainRequest request) {
      io.temporal.workflow.Workflow.sleep(java.time.Duration.ofSeconds(1));
      return super.drain(request);
    }
  }
}
