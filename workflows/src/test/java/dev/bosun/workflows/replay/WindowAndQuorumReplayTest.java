package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.drain.NodeDrainWorkflowImpl;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.MaintenanceWindow;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import dev.bosun.workflows.upgrade.NodeUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflowImpl;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import dev.bosun.workflows.upgrade.UpgradeReport;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upgrade that waited for its maintenance window and whose etcd quorum guard refused a control plane (then
 * retried) replays against today's code: the versioned window wait (marker maintenance-window, its timer) and the
 * versioned guard step (marker etcd-quorum-guard, the etcdMembers activity) are deterministic. The committed
 * histories under histories/windows/ hold a recording of it, so a later change must still replay them; run with
 * -Dbosun.recordHistories=DIR to write a new recording.
 */
@Timeout(90)
class WindowAndQuorumReplayTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");

  @Test
  void testAFreshRecordingReplays() throws Exception {
    FakeCluster cluster = new FakeCluster("v1.30.6", 3, 1);
    cluster.etcdMembersDown.add("cp-3");
    String rolling;
    String cp1;
    try (TestWorkflowEnvironment env = TestClusters.start(cluster)) {
      Instant open = Instant.ofEpochMilli(env.currentTimeMillis())
          .plus(Duration.ofHours(3))
          .truncatedTo(ChronoUnit.MINUTES);
      LocalTime start = LocalTime.ofInstant(open, ZoneOffset.UTC);
      UpgradeSpec base =
          TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0);
      UpgradeSpec spec = new UpgradeSpec(
          base.maxUnavailable(),
          base.drain(),
          base.onNodeFailure(),
          base.approval(),
          base.maxFailedNodes(),
          base.etcdSnapshot(),
          base.pauseBetweenBatches(),
          base.operatorTimeout(),
          false,
          List.of(
              new MaintenanceWindow(null, start.toString(), start.plusHours(4).toString(), "UTC")),
          false);
      WorkflowClient client = env.getWorkflowClient();
      RollingUpgradeWorkflow wf = client.newWorkflowStub(
          RollingUpgradeWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      WorkflowClient.start(
          wf::upgrade, UpgradeRequest.fresh(TestClusters.inventory(cluster), TARGET, spec));
      TestClusters.awaitProgress(wf, p -> p.window() != null);
      env.sleep(Duration.ofHours(3).plusMinutes(1)); // to the opening; then cp-1 is refused
      UpgradeProgress refused = TestClusters.awaitProgress(wf, p -> p.awaiting() != null);
      assertTrue(refused.awaiting().error().contains("unhealthy: cp-3"), refused.toString());
      cluster.etcdMembersDown.clear();
      wf.retry("cp-1", null);
      WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
      rolling = client.fetchHistory(WorkflowIds.mutation("lab1")).toJson(true);
      cp1 = client
          .fetchHistory(WorkflowIds.nodeUpgrade("lab1", TARGET, "cp-1", 1))
          .toJson(true);
    }
    String rollingPayloads = Replay.payloads(rolling);
    String cp1Payloads = Replay.payloads(cp1);
    assertTrue(rollingPayloads.contains("maintenance-window"), "the window's version marker");
    assertTrue(rollingPayloads.contains("WaitingForWindow"), "it waited");
    assertTrue(
        cp1Payloads.contains("etcd-quorum-guard") && cp1.contains("EtcdMembers"), "the guard ran");
    assertTrue(rollingPayloads.contains("unhealthy: cp-3"), "and refused cp-1 once");
    String dir = System.getProperty("bosun.recordHistories");
    if (dir != null) {
      Files.writeString(Path.of(dir, "window-rolling-upgrade.json"), rolling);
      Files.writeString(Path.of(dir, "window-node-upgrade-cp-1.json"), cp1);
    }
    for (String history : new String[] {rolling, cp1}) {
      Replay.json(
          history,
          RollingUpgradeWorkflowImpl.class,
          NodeUpgradeWorkflowImpl.class,
          NodeDrainWorkflowImpl.class);
    }
  }

  @ParameterizedTest(name = "{0} replays")
  @ValueSource(strings = {"window-rolling-upgrade.json", "window-node-upgrade-cp-1.json"})
  void testTheCommittedRecordingReplays(String file) throws Exception {
    Replay.resource(
        "histories/windows/" + file,
        RollingUpgradeWorkflowImpl.class,
        NodeUpgradeWorkflowImpl.class,
        NodeDrainWorkflowImpl.class);
  }
}
