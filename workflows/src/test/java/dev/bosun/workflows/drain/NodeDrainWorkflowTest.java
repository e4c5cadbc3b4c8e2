package dev.bosun.workflows.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NodeDrainWorkflowTest {

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 1, 2);
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private NodeDrainWorkflow start() {
    env = TestClusters.start(cluster);
    return env.getWorkflowClient()
        .newWorkflowStub(
            NodeDrainWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
  }

  private DrainRequest request(String node, DrainOptions options) {
    return new DrainRequest(ClusterTarget.of(TestClusters.inventory(cluster)), node, options);
  }

  private static DrainOptions timeout(Duration timeout) {
    DrainOptions d = DrainOptions.defaults();
    return new DrainOptions(
        timeout,
        d.gracePeriodSeconds(),
        d.deleteEmptyDirData(),
        d.ignoreDaemonSets(),
        d.force(),
        d.podSelector(),
        d.disableEvictionFallback(),
        d.skipWaitForDeleteTimeout());
  }

  @Test
  void testDrainCordonsEvictsAndLeavesTheNodeCordoned() {
    cluster.node("w-1").pods.add(new PodRef("web", "api-0", 30));
    DrainReport report = start().drain(request("w-1", DrainOptions.defaults()));
    assertEquals(DrainOutcome.DRAINED, report.outcome());
    assertEquals(2, report.evicted().size());
    assertFalse(report.wasCordoned());
    assertTrue(cluster.node("w-1").unschedulable, "a drained node stays cordoned");
    assertTrue(cluster.node("w-1").pods.isEmpty());
    assertTrue(cluster.indexOf("cordon:w-1") < cluster.indexOf("evictPods:w-1"));
  }

  @Test
  void testRoundsThatLeaveOnlyTerminatingPodsGoStraightOnWithoutAPause() {
    cluster.node("w-1").terminatingRounds = 2;
    NodeDrainWorkflow drain = start();
    DrainReport report = drain.drain(request("w-1", DrainOptions.defaults()));
    assertEquals(DrainOutcome.DRAINED, report.outcome());
    var history = env.getWorkflowClient()
        .fetchHistory(WorkflowIds.mutation("lab1"))
        .getHistory()
        .getEventsList();
    assertEquals(
        3,
        history.stream()
            .filter(e -> e.getEventType()
                    == io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                && e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .equals("EvictPods"))
            .count(),
        "three rounds");
    assertFalse(
        history.stream()
            .anyMatch(e ->
                e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED),
        "no pause between rounds that left only terminating pods");
  }

  @Test
  void testRoundsBlockedByAPdbStillPauseBetweenThem() {
    cluster.node("w-1").pdbBlockedRounds = 1;
    NodeDrainWorkflow drain = start();
    DrainReport report = drain.drain(request("w-1", DrainOptions.defaults()));
    assertEquals(DrainOutcome.DRAINED, report.outcome());
    var history = env.getWorkflowClient()
        .fetchHistory(WorkflowIds.mutation("lab1"))
        .getHistory()
        .getEventsList();
    assertTrue(
        history.stream()
            .anyMatch(e ->
                e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED),
        "a pause after a round a PDB blocked");
  }

  @Test
  void testPreCordonedNodeIsReportedAndNeverUncordoned() {
    cluster.node("w-1").unschedulable = true;
    cluster.node("w-1").podsStuck = true;
    NodeDrainWorkflow drain = start();
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class,
        () -> drain.drain(request("w-1", timeout(Duration.ofSeconds(40)))));
    assertEquals("DrainTimedOut", ((ApplicationFailure) e.getCause()).getType());
    assertTrue(cluster.node("w-1").unschedulable, "cordoned before Bosun: stays cordoned");
    assertFalse(cluster.calls.contains("uncordon:w-1"));
  }

  @Test
  void testRefusedPlanFailsUpFrontListingThePods() {
    cluster.node("w-1").refusals = List.of(
        "cannot delete Pods not managed by ReplicationController, ReplicaSet, Job, DaemonSet or StatefulSet (use force to override): default/bare");
    NodeDrainWorkflow drain = start();
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class, () -> drain.drain(request("w-1", DrainOptions.defaults())));
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertEquals("DrainRefused", failure.getType());
    assertTrue(failure.getOriginalMessage().contains("default/bare"), failure.getOriginalMessage());
    assertFalse(
        cluster.calls.contains("evictPods:w-1"), "nothing is evicted when the plan is refused");
    assertFalse(cluster.node("w-1").unschedulable, "Bosun's cordon is undone");
    DrainReport report = failure.getDetails().get(DrainReport.class);
    assertTrue(report.uncordoned());
  }

  @Test
  void testRetriedCordonFindsBosunsOwnCordonAndUndoesIt() {
    cluster.node("w-1").refusals = List.of(
        "cannot delete Pods with local storage (use deleteEmptyDirData to override): default/cache");
    cluster.loseCordonAnswer("w-1", 1, true); // the PATCH went through, the activity is retried
    NodeDrainWorkflow drain = start();
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class, () -> drain.drain(request("w-1", DrainOptions.defaults())));
    DrainReport report = ((ApplicationFailure) e.getCause()).getDetails().get(DrainReport.class);
    assertEquals(
        2,
        cluster.calls.stream().filter("cordon:w-1"::equals).count(),
        "the cordon activity ran twice");
    assertFalse(report.wasCordoned(), "the retry recognised Bosun's own cordon");
    assertTrue(report.uncordoned());
    assertFalse(
        cluster.node("w-1").unschedulable, "the retried cordon does not leave the node cordoned");
  }

  @Test
  void testBadRequestFailsBeforeTheCordonNamingEachField() {
    DrainOptions bad = new DrainOptions(
        Duration.ofSeconds(-5), -3, false, true, false, "tier notin", false, Duration.ZERO);
    NodeDrainWorkflow drain = start();
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> drain.drain(request("W_1", bad)));
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertEquals("InvalidRequest", failure.getType());
    String m = failure.getOriginalMessage();
    for (String field : List.of(
        "node 'W_1' is not a valid node name (RFC 1123",
        "options.timeout must be >= 0",
        "options.gracePeriod must be -1",
        "options.podSelector 'tier notin'")) {
      assertTrue(m.contains(field), field + " not in: " + m);
    }
    assertTrue(cluster.calls.isEmpty(), "nothing ran: " + cluster.calls);
  }

  @Test
  void testMissingOptionsAreRefused() {
    NodeDrainWorkflow drain = start();
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> drain.drain(request("w-1", null)));
    assertTrue(
        ((ApplicationFailure) e.getCause()).getOriginalMessage().contains("options is required"));
    assertTrue(cluster.calls.isEmpty());
  }

  @Test
  void testPdbBlockedThenSucceedsShowingTheBlocker() {
    cluster.node("w-1").pdbBlockedRounds = 2;
    NodeDrainWorkflow drain = start();
    WorkflowClient.start(drain::drain, request("w-1", DrainOptions.defaults()));
    WorkflowStub stub = WorkflowStub.fromTyped(drain);
    DrainReport report = stub.getResult(DrainReport.class);
    assertEquals(DrainOutcome.DRAINED, report.outcome());
    assertEquals(1, report.blockersSeen().size());
    assertEquals("app-pdb", report.blockersSeen().get(0).name());
    assertEquals(3, cluster.calls.stream().filter("evictPods:w-1"::equals).count());
    DrainProgress progress = drain.progress();
    assertEquals("drained", progress.phase());
    assertTrue(progress.blockers().isEmpty());
  }

  @Test
  void testBlockerIsInTheProgressQueryWhileBlocked() {
    cluster.node("w-1").podsStuck = true;
    NodeDrainWorkflow drain = start();
    WorkflowClient.start(drain::drain, request("w-1", timeout(Duration.ofMinutes(10))));
    env.sleep(Duration.ofSeconds(30));
    DrainProgress progress = drain.progress();
    assertEquals("evicting", progress.phase());
    assertEquals(1, progress.remaining());
    assertEquals(
        "default/app-pdb",
        progress.blockers().get(0).namespace() + "/"
            + progress.blockers().get(0).name());
    cluster.node("w-1").podsStuck = false;
    assertEquals(
        DrainOutcome.DRAINED,
        WorkflowStub.fromTyped(drain).getResult(DrainReport.class).outcome());
  }

  @Test
  void testTimeoutUncordonsAndReportsWhatIsLeft() {
    cluster.node("w-1").podsStuck = true;
    NodeDrainWorkflow drain = start();
    WorkflowFailedException e = assertThrows(
        WorkflowFailedException.class,
        () -> drain.drain(request("w-1", timeout(Duration.ofMinutes(2)))));
    ApplicationFailure failure = (ApplicationFailure) e.getCause();
    assertEquals("DrainTimedOut", failure.getType());
    assertTrue(
        failure.getOriginalMessage().contains("default/app-1"), failure.getOriginalMessage());
    assertTrue(
        failure.getOriginalMessage().contains("PDB default/app-pdb"), failure.getOriginalMessage());
    DrainReport report = failure.getDetails().get(DrainReport.class);
    assertEquals(List.of(new PodRef("default", "app-1", 30)), report.remaining());
    assertTrue(report.uncordoned());
    assertFalse(cluster.node("w-1").unschedulable);
    assertTrue(report.durationMillis() >= Duration.ofMinutes(2).toMillis());
  }

  @Test
  void testUncordonWorkflow() {
    cluster.node("w-2").unschedulable = true;
    env = TestClusters.start(cluster);
    UncordonWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            UncordonWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    assertEquals(
        "uncordoned w-2",
        wf.uncordon(new UncordonRequest(ClusterTarget.of(TestClusters.inventory(cluster)), "w-2")));
    assertFalse(cluster.node("w-2").unschedulable);
  }
}
