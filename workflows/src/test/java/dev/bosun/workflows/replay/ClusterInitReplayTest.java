package dev.bosun.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.init.ClusterInitWorkflow;
import dev.bosun.workflows.init.ClusterInitWorkflowImpl;
import dev.bosun.workflows.init.DestroyClusterWorkflow;
import dev.bosun.workflows.init.DestroyClusterWorkflowImpl;
import dev.bosun.workflows.init.DestroyRequest;
import dev.bosun.workflows.init.InitReport;
import dev.bosun.workflows.init.InitRequest;
import dev.bosun.workflows.testing.FakeLab;
import dev.bosun.workflows.testing.InitLabs;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cluster init is deterministic: histories with an operator's retry, skip and abort replay against today's code
 * (fresh recordings and the committed ones under histories/init/), and a run without a workflow cache, where
 * every workflow task replays the whole history as after a worker crash, ends as the cached run does.
 */
@Timeout(120)
class ClusterInitReplayTest {

  static final Path DIR = HistoryRecorder.DIR.resolve("init");

  /** cp-2's SSH fails once (retried), w-2's join fails (skipped): the init ends without w-2. */
  static FakeLab retryAndSkipLab() {
    return InitLabs.lab(10)
        .existingVm("hv-c", "w-3")
        .failAt("waitForSsh:cp-2", 1)
        .failAt("kubeadmJoin:w-2", 1);
  }

  /** Runs the retry-and-skip scenario on {@code env}; returns its report. */
  static InitReport retryAndSkip(TestWorkflowEnvironment env) throws InterruptedException {
    ClusterInitWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            ClusterInitWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    WorkflowClient.start(wf::init, new InitRequest(InitLabs.inventory()));
    InitLabs.awaitProgress(wf, p -> "cp-2".equals(p.waitingNode()));
    wf.retry("cp-2");
    InitLabs.awaitProgress(wf, p -> "w-2".equals(p.waitingNode()));
    wf.skip("w-2");
    return WorkflowStub.fromTyped(wf).getResult(InitReport.class);
  }

  static Map<String, String> record() throws InterruptedException {
    Map<String, String> out = new LinkedHashMap<>();
    try (TestWorkflowEnvironment env = InitLabs.start(retryAndSkipLab())) {
      retryAndSkip(env);
      out.put(
          "cluster-init-retry-skip.json",
          env.getWorkflowClient().fetchHistory(WorkflowIds.mutation("lab1")).toJson(true));
    }
    try (TestWorkflowEnvironment env =
        InitLabs.start(InitLabs.lab(10).existingVm("hv-c", "w-3").failAt("labelNode:w-1", 1))) {
      ClusterInitWorkflow wf = env.getWorkflowClient()
          .newWorkflowStub(
              ClusterInitWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
      WorkflowClient.start(wf::init, new InitRequest(InitLabs.inventory()));
      InitLabs.awaitProgress(wf, p -> "w-1".equals(p.waitingNode()));
      wf.abort("maintenance window over");
      WorkflowStub.fromTyped(wf).getResult(InitReport.class);
      out.put(
          "cluster-init-abort.json",
          env.getWorkflowClient().fetchHistory(WorkflowIds.mutation("lab1")).toJson(true));
    }
    FakeLab lab = InitLabs.lab(1).existingVm("hv-a", "cp-1").existingVm("hv-b", "w-2");
    try (TestWorkflowEnvironment env = InitLabs.start(lab)) {
      env.getWorkflowClient()
          .newWorkflowStub(DestroyClusterWorkflow.class, TestClusters.options("bosun:lab1:destroy"))
          .destroy(new DestroyRequest(InitLabs.inventory()));
      out.put(
          "destroy-cluster.json",
          env.getWorkflowClient().fetchHistory("bosun:lab1:destroy").toJson(true));
    }
    return out;
  }

  @Test
  void testFreshRecordingsReplay() throws Exception {
    Map<String, String> histories = record();
    for (Map.Entry<String, String> e : histories.entrySet()) {
      Replay.json(e.getValue(), ClusterInitWorkflowImpl.class, DestroyClusterWorkflowImpl.class);
    }
    assertEquals(List.of("retry", "skip"), updates(histories.get("cluster-init-retry-skip.json")));
    assertEquals(List.of("abort"), updates(histories.get("cluster-init-abort.json")));
  }

  @ParameterizedTest(name = "{0} replays")
  @ValueSource(
      strings = {"cluster-init-retry-skip.json", "cluster-init-abort.json", "destroy-cluster.json"})
  void testCommittedHistoryReplays(String file) throws Exception {
    Replay.resource(
        "histories/init/" + file, ClusterInitWorkflowImpl.class, DestroyClusterWorkflowImpl.class);
  }

  /** Every workflow task rebuilds the workflow from its history (no cache), as a fresh worker does after a crash. */
  @Test
  void testARunThatReplaysAtEveryTaskEndsAsTheCachedRunDoes() throws Exception {
    Function<Boolean, Object[]> run = cached -> {
      FakeLab lab = retryAndSkipLab();
      try (TestWorkflowEnvironment env =
          cached ? InitLabs.start(lab) : InitLabs.startWithoutCache(lab)) {
        InitReport r = retryAndSkip(env);
        return new Object[] {
          r.outcome(),
          r.nodes().stream().map(n -> n.node() + "=" + n.status()).toList(),
          lab.callsOf("createVm").size(),
          lab.callsOf("kubeadmJoin").size(),
          lab.callsOf("kubeadmReset"),
          lab.callsOf("destroyVm")
        };
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
    Object[] cached = run.apply(true);
    Object[] uncached = run.apply(false);
    assertEquals(InitReport.FAILED, cached[0]);
    assertEquals(List.of(cached), List.of(uncached));
    assertEquals(
        List.of("kubeadmReset:w-2"), uncached[4], "no step re-run, no undo doubled by the replays");
  }

  /** Writes fresh recordings over the committed ones: {@code -Dbosun.recordHistories=true -Dtest=ClusterInitReplayTest}. */
  @Test
  @EnabledIfSystemProperty(named = "bosun.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    Files.createDirectories(DIR);
    for (Map.Entry<String, String> e : record().entrySet()) {
      Files.writeString(DIR.resolve(e.getKey()), e.getValue());
    }
  }

  private static List<String> updates(String json) {
    return WorkflowExecutionHistory.fromJson(json).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .map(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes()
            .getAcceptedRequest()
            .getInput()
            .getName())
        .toList();
  }
}
