package dev.bosun.cli.bench;

import dev.bosun.sim.LabSim;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A 3 + 997 lab upgraded 50 at a time on the dev server by a separate worker process: wall, history sizes, memory. */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description =
        "Rolling upgrade of 3 + 997 nodes (maxUnavailable 50, 20 ms per command) on the dev server, worker in its own process.")
public final class ScaleBench implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @picocli.CommandLine.Option(
      names = "--workers",
      defaultValue = "997",
      description = "Workers (default ${DEFAULT-VALUE}).")
  int workers;

  @picocli.CommandLine.Option(
      names = "--max-unavailable",
      defaultValue = "50",
      description = "Workers at once (default ${DEFAULT-VALUE}).")
  String maxUnavailable;

  @picocli.CommandLine.Option(
      names = "--latency-ms",
      defaultValue = "20",
      description = "Latency per host command, ms (default ${DEFAULT-VALUE}).")
  long latencyMs;

  private final LabOptions lab = new LabOptions();

  record Figures(
      double wallSeconds,
      int parentRuns,
      int largestParent,
      int largestChild,
      String largestChildId,
      int children,
      double workerHeapMiB,
      double workerCommittedMiB,
      double workerRssMiB,
      double temporalRssMiB,
      double boundSeconds) {}

  @Override
  public Integer call() throws Exception {
    options.validate();
    lab.controlPlanes = 3;
    lab.workers = workers;
    lab.maxUnavailable = maxUnavailable;
    lab.latencyMs = latencyMs;
    lab.notReadyMs = 2000;
    lab.validate();
    List<Figures> runs = new ArrayList<>();
    for (int r = 1; r <= options.runs; r++) {
      Figures f = runOnce("scale-" + r);
      runs.add(f);
      System.out.printf(
          "run %d: wall %.1f s (bound %.1f s), %d parent runs (largest %d events), largest child %d events (%s), "
              + "worker heap peak %.0f MiB (committed %.0f), worker RSS %.0f MiB, Temporal RSS %.0f MiB (load %s)%n",
          r,
          f.wallSeconds(),
          f.boundSeconds(),
          f.parentRuns(),
          f.largestParent(),
          f.largestChild(),
          f.largestChildId(),
          f.workerHeapMiB(),
          f.workerCommittedMiB(),
          f.workerRssMiB(),
          f.temporalRssMiB(),
          Machine.loadAverage());
    }
    Table t = new Table("figure", "median of " + options.runs + " [min–max]", "target");
    t.row(
        "wall time, s",
        Stats.medianRange(runs.stream().map(Figures::wallSeconds).toList(), 1),
        "finishes");
    t.row(
        "critical-path bound, s (as in section 1)",
        Stats.medianRange(runs.stream().map(Figures::boundSeconds).toList(), 1),
        "");
    t.row(
        "wall / bound",
        Stats.medianRange(
            runs.stream().map(f -> f.wallSeconds() / f.boundSeconds()).toList(), 2),
        "");
    t.row(
        "parent runs (continue-as-new chain)",
        Stats.medianRange(runs.stream().map(f -> (double) f.parentRuns()).toList(), 0),
        "");
    t.row(
        "largest parent run history, events",
        Stats.medianRange(runs.stream().map(f -> (double) f.largestParent()).toList(), 0),
        "< 10,000");
    t.row(
        "largest child history of " + runs.get(0).children() + " (all fetched), events",
        Stats.medianRange(runs.stream().map(f -> (double) f.largestChild()).toList(), 0),
        "< 10,000");
    t.row(
        "worker peak heap in use (before a GC, from its GC log), MiB",
        Stats.medianRange(runs.stream().map(Figures::workerHeapMiB).toList(), 0),
        "< 1024");
    t.row(
        "worker peak committed heap, MiB",
        Stats.medianRange(runs.stream().map(Figures::workerCommittedMiB).toList(), 0),
        "");
    t.row(
        "worker peak RSS (VmHWM), MiB",
        Stats.medianRange(runs.stream().map(Figures::workerRssMiB).toList(), 0),
        "");
    t.row(
        "Temporal dev server peak RSS (VmHWM), MiB",
        Stats.medianRange(runs.stream().map(Figures::temporalRssMiB).toList(), 0),
        "");
    boolean met = runs.stream()
        .allMatch(f ->
            f.largestParent() < 10_000 && f.largestChild() < 10_000 && f.workerHeapMiB() < 1024);
    String verdict = "Targets (every history < 10,000 events, worker heap < 1 GiB): "
        + (met ? "met" : "missed") + ".";
    System.out.println();
    System.out.print(t.markdown());
    System.out.println(verdict);
    options.write(
        "scale",
        "5. Scale: " + lab.controlPlanes + " + " + lab.workers + " nodes on the dev server",
        "java -jar starter/target/bosun.jar bench scale --runs " + options.runs + " --workers "
            + workers + " --max-unavailable " + maxUnavailable + " --latency-ms " + latencyMs,
        lab.describe()
            + " Temporal: the dev server (`temporal-dev/start` on free ports, SQLite in a temporary directory). Worker: "
            + "its own process, `java -Xlog:gc:file=… -jar worker/target/bosun-worker.jar` with default settings (max 50 "
            + "concurrent activities and workflow tasks, default heap limit); lab-sim and the client run in the bench JVM. "
            + "Histories: every run of the parent's continue-as-new chain and every node's child.\n\n"
            + t.markdown() + "\n" + verdict + "\n");
    return 0;
  }

  private Figures runOnce(String cluster) throws Exception {
    Path dir = BenchOptions.tempDir(cluster);
    try (LabSim sim = LabSim.start(lab.spec(cluster, dir));
        TemporalServer server = TemporalServer.start("dev", options.repo);
        BosunUpgrade bosun = new BosunUpgrade(server.address(), false, Map.of());
        WorkerProcess worker = new WorkerProcess(options.repo, server.address(), dir)) {
      awaitPoller(bosun, worker);
      Inventory inv = BosunUpgrade.inventory(sim);
      Map<String, Long> termination = LabChains.terminationByNode(sim);
      BosunUpgrade.Result result = bosun.run(sim, lab.maxUnavailable);
      CriticalPath.Bound bound = LabChains.bound(
          sim,
          LabChains.chains(sim, inv, lab.maxUnavailable, termination),
          lab.latencyMs,
          lab.notReadyMs);
      String parentId = WorkflowIds.mutation(inv.cluster());
      List<Integer> parents = parentChain(bosun, parentId, result.firstRunId());
      int largestChild = 0;
      String largestChildId = "";
      for (NodeSpec n : inv.nodes()) {
        String id = WorkflowIds.nodeUpgrade(inv.cluster(), BosunUpgrade.TARGET, n.name(), 1);
        int events = bosun.client().fetchHistory(id).getEvents().size();
        if (events > largestChild) {
          largestChild = events;
          largestChildId = id;
        }
      }
      double[] heap = worker.peakHeapMiB();
      double workerRss = Machine.peakRssMiB(worker.pid());
      double temporalRss = Machine.peakRssMiB(server.pid());
      return new Figures(
          result.wallMillis() / 1000.0,
          parents.size(),
          parents.stream().mapToInt(i -> i).max().orElse(0),
          largestChild,
          largestChildId,
          inv.nodes().size(),
          heap[0],
          heap[1],
          workerRss,
          temporalRss,
          bound.millis() / 1000.0);
    }
  }

  /** Event counts of every run of the continue-as-new chain that starts at {@code runId}. */
  private static List<Integer> parentChain(BosunUpgrade bosun, String workflowId, String runId) {
    List<Integer> sizes = new ArrayList<>();
    String run = runId;
    while (run != null && !run.isEmpty()) {
      List<HistoryEvent> events = history(bosun, workflowId, run);
      sizes.add(events.size());
      HistoryEvent last = events.get(events.size() - 1);
      run = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
          : null;
    }
    return sizes;
  }

  private static List<HistoryEvent> history(BosunUpgrade bosun, String workflowId, String runId) {
    List<HistoryEvent> out = new ArrayList<>();
    com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse page = bosun
          .stubs()
          .blockingStub()
          .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace("default")
              .setExecution(
                  WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
              .setNextPageToken(token)
              .build());
      out.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return out;
  }

  /** Waits until the worker process polls the task queue, so its start-up is not in the wall time. */
  private static void awaitPoller(BosunUpgrade bosun, WorkerProcess worker)
      throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!worker.alive()) {
        throw new IllegalStateException("the worker process exited; see " + worker.log());
      }
      int pollers = bosun
          .stubs()
          .blockingStub()
          .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
              .setNamespace("default")
              .setTaskQueue(TaskQueue.newBuilder().setName(BosunUpgrade.TASK_QUEUE))
              .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
              .build())
          .getPollersCount();
      if (pollers > 0) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the worker process did not poll within 120 s; see " + worker.log());
  }
}
