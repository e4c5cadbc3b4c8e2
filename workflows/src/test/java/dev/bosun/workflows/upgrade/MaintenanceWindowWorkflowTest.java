package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.drain.NodeDrainWorkflowImpl;
import dev.bosun.workflows.drain.UncordonWorkflowImpl;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.MaintenanceWindow;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.ContinuingUpgrades;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * upgrade.window on the Temporal test server with time skipping: a run that starts outside waits on a durable timer
 * and runs when the window opens; a window that closes mid-run lets the node in flight finish and holds the next;
 * --ignore-window; an abort while waiting compensates nothing (nothing started).
 */
@Timeout(90)
class MaintenanceWindowWorkflowTest {

  private final FakeCluster cluster = new FakeCluster("v1.30.6", 2, 2);
  private TestWorkflowEnvironment env;
  private RollingUpgradeWorkflow wf;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  /** A daily UTC window opening {@code in} from the test server's now (rounded up to the minute), {@code long}. */
  private MaintenanceWindow dailyWindow(Duration in, Duration length) {
    Instant open = now().plus(in).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    LocalTime start = LocalTime.ofInstant(open, ZoneOffset.UTC);
    LocalTime end = start.plus(length);
    return new MaintenanceWindow(null, start.toString(), end.toString(), "UTC");
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private UpgradeSpec spec(List<MaintenanceWindow> windows, boolean ignore) {
    UpgradeSpec s = TestClusters.spec("1", OnNodeFailure.WAIT_FOR_OPERATOR, ApprovalGate.NONE, 0);
    return new UpgradeSpec(
        s.maxUnavailable(),
        s.drain(),
        s.onNodeFailure(),
        s.approval(),
        s.maxFailedNodes(),
        s.etcdSnapshot(),
        s.pauseBetweenBatches(),
        s.operatorTimeout(),
        false,
        windows,
        ignore);
  }

  private void start(UpgradeSpec spec) {
    wf = TestClusters.startUpgrade(
        env,
        UpgradeRequest.fresh(
            TestClusters.inventory(cluster), RollingUpgradeWorkflowTest.TARGET, spec));
  }

  private UpgradeReport result() {
    return WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
  }

  private static NodeRow row(UpgradeProgress p, String node) {
    return p.nodes().stream().filter(r -> r.node().equals(node)).findFirst().orElseThrow();
  }

  @Test
  void testStartsOutsideWaitsForTheOpeningThenRuns() throws Exception {
    env = TestClusters.start(cluster);
    MaintenanceWindow w = dailyWindow(Duration.ofHours(5).plusMinutes(12), Duration.ofHours(4));
    start(spec(List.of(w), false));

    UpgradeProgress waiting =
        TestClusters.awaitProgress(wf, p -> p.phase() == Phase.WAITING_FOR_WINDOW);
    String text = waiting.window().text(now());
    assertTrue(
        text.matches("waiting for window \\(opens \\w{3} " + w.start() + " UTC, in 5h 1[23]m\\)"),
        text);
    assertFalse(cluster.calls.contains("etcdSnapshot:cp-1"), "no snapshot before the window");
    assertTrue(cluster.calls.stream().noneMatch(c -> c.startsWith("cordon:")), "no node started");

    UpgradeReport report = result(); // the test server skips to the opening
    assertEquals(Phase.COMPLETED, report.outcome());
    long opening = waiting.window().opensAtMillis();
    UpgradeProgress end = wf.progress();
    assertNull(end.window());
    for (NodeRow r : end.nodes()) {
      assertTrue(r.startedAtMillis() >= opening, r.node() + " started before the window opened");
    }
    assertTrue(cluster.indexOf("etcdSnapshot:cp-1") >= 0);
  }

  @Test
  void testWindowClosingMidRunLetsTheNodeInFlightFinishAndHoldsTheNext() throws Exception {
    env = TestClusters.start(cluster);
    // open now (from a minute ago), for 1 hour
    Instant t = now();
    LocalTime start = LocalTime.ofInstant(t.minus(Duration.ofMinutes(1)), ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MINUTES);
    MaintenanceWindow w =
        new MaintenanceWindow(null, start.toString(), start.plusHours(1).toString(), "UTC");
    cluster.failAt("cp-1", NodeStep.KUBEADM_UPGRADE, 1);
    start(spec(List.of(w), false));

    TestClusters.awaitProgress(wf, p -> p.awaiting() != null);
    env.sleep(Duration.ofHours(2)); // the window closes while cp-1 waits for the operator
    wf.retry("cp-1", null);

    UpgradeProgress held =
        TestClusters.awaitProgress(wf, p -> p.phase() == Phase.WAITING_FOR_WINDOW);
    assertEquals("upgraded", row(held, "cp-1").state(), "the node in flight finished");
    assertEquals("pending", row(held, "cp-2").state(), "the next node waits for the window");
    assertTrue(held.window().opens().endsWith(start + " UTC"), held.window().opens());

    assertEquals(Phase.COMPLETED, result().outcome());
    assertTrue(
        wf.progress().nodes().stream()
            .filter(r -> !r.node().equals("cp-1"))
            .allMatch(r -> r.startedAtMillis() >= held.window().opensAtMillis()),
        "the rest started in the next window");
  }

  @Test
  void testTheWindowTravelsThroughContinueAsNew() throws Exception {
    env = TestClusters.start(
        cluster,
        ContinuingUpgrades.AtEveryStage.class,
        NodeUpgradeWorkflowImpl.class,
        PlanUpgradeWorkflowImpl.class,
        NodeDrainWorkflowImpl.class,
        UncordonWorkflowImpl.class);
    LocalTime start = LocalTime.ofInstant(now().minus(Duration.ofMinutes(1)), ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MINUTES);
    MaintenanceWindow w =
        new MaintenanceWindow(null, start.toString(), start.plusHours(1).toString(), "UTC");
    cluster.failAt("cp-1", NodeStep.KUBEADM_UPGRADE, 1);
    start(spec(List.of(w), false));
    WorkflowExecution first = WorkflowStub.fromTyped(wf).getExecution();

    TestClusters.awaitProgress(wf, p -> p.awaiting() != null);
    env.sleep(Duration.ofHours(2)); // closed by the time cp-1 is done
    wf.retry("cp-1", null);

    RollingUpgradeWorkflow latest = env.getWorkflowClient()
        .newWorkflowStub(RollingUpgradeWorkflow.class, WorkflowIds.mutation("lab1"));
    UpgradeProgress held =
        TestClusters.awaitProgress(latest, p -> p.phase() == Phase.WAITING_FOR_WINDOW);

    assertEquals("pending", row(held, "cp-2").state());
    // the run that waits is the continuation of the first one (read off its own start: the test
    // server may not
    // have written the first run's closing events yet)
    assertEquals(
        first.getRunId(),
        env.getWorkflowClient()
            .fetchHistory(first.getWorkflowId())
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getContinuedExecutionRunId(),
        "the window held a run that continued as new");
    // the continued run waits for the same daily window: tomorrow's opening, cp-1's upgrade carried
    // over
    java.time.ZonedDateTime today =
        java.time.ZonedDateTime.ofInstant(now(), ZoneOffset.UTC).with(start);
    Instant opening =
        today.toInstant().isAfter(now()) ? today.toInstant() : today.plusDays(1).toInstant();
    assertEquals(
        opening.toEpochMilli(), held.window().opensAtMillis(), held.window().toString());
    assertEquals("upgraded", row(held, "cp-1").state());
    // Not awaited to the end: after a continue-as-new the test server's time skipping stalls now
    // and
    // then under CPU load (the run then waits out its timer in real time).
    // testStartsOutsideWaitsForTheOpeningThenRuns
    // shows an opening ending a wait; here the run is aborted while it waits, as an operator would.
    assertTrue(latest.abort("window test done").startsWith("aborting"), "abort accepted");
    UpgradeReport report = env.getWorkflowClient()
        .newUntypedWorkflowStub(WorkflowIds.mutation("lab1"))
        .getResult(30, java.util.concurrent.TimeUnit.SECONDS, UpgradeReport.class);
    assertEquals(Phase.ABORTED, report.outcome(), report.reason());
    assertFalse(cluster.calls.contains("cordon:cp-2"), "nothing started outside the window");
  }

  @Test
  void testIgnoreWindowStartsAtOnce() throws Exception {
    env = TestClusters.start(cluster);
    Instant before = now();
    MaintenanceWindow w = dailyWindow(Duration.ofHours(6), Duration.ofHours(2));
    start(spec(List.of(w), false).withIgnoreWindow(true));

    assertEquals(Phase.COMPLETED, result().outcome());
    for (NodeRow r : wf.progress().nodes()) {
      assertTrue(
          r.startedAtMillis() < before.plus(Duration.ofHours(1)).toEpochMilli(),
          r.node() + " waited for the window although it was ignored");
    }
  }

  @Test
  void testAbortWhileWaitingCompensatesNothingItDidNotStart() throws Exception {
    env = TestClusters.start(cluster);
    start(spec(List.of(dailyWindow(Duration.ofHours(3), Duration.ofHours(2))), false));
    TestClusters.awaitProgress(wf, p -> p.phase() == Phase.WAITING_FOR_WINDOW);
    int callsBefore = cluster.mutatingCalls.size();

    wf.abort("not this week");
    UpgradeReport report = result();
    assertEquals(Phase.ABORTED, report.outcome());
    assertEquals(
        List.of(),
        cluster.mutatingCalls.subList(callsBefore, cluster.mutatingCalls.size()),
        "nothing was changed, so nothing is undone");
    assertTrue(
        cluster.calls.stream().noneMatch(c -> c.startsWith("cordon:") || c.startsWith("uncordon:")),
        cluster.calls.toString());
    assertTrue(
        report.nodes().stream().allMatch(n -> n.status() == NodeStatus.NOT_STARTED),
        report.toString());
  }
}
