package dev.bosun.cli.bench;

import dev.bosun.cli.inventory.InventoryLoader;
import dev.bosun.cli.inventory.InventoryResult;
import dev.bosun.sim.LabSim;
import dev.bosun.worker.EmbeddedWorker;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.upgrade.NodeReport;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeReport;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Map;

/**
 * Runs Bosun's rolling upgrade on a lab through a Temporal server, with the worker in this JVM (or, when
 * {@code inProcessWorker} is false, a worker process polling {@link #TASK_QUEUE} elsewhere).
 */
final class BosunUpgrade implements AutoCloseable {

  static final String TASK_QUEUE = "bosun-bench";
  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");

  record Result(UpgradeReport report, long wallMillis, String firstRunId) {}

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final EmbeddedWorker worker;

  BosunUpgrade(String address, boolean inProcessWorker, Map<String, Object> workerProperties) {
    stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    client = WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    if (inProcessWorker) {
      worker = EmbeddedWorker.builder()
          .serviceStubs(stubs)
          .property("bosun.temporal.namespace", "default")
          .property("bosun.temporal.task-queue", TASK_QUEUE)
          .properties(workerProperties)
          .start();
    } else {
      worker = null;
    }
  }

  WorkflowClient client() {
    return client;
  }

  WorkflowServiceStubs stubs() {
    return stubs;
  }

  static Inventory inventory(LabSim lab) {
    InventoryResult r = new InventoryLoader().load(lab.inventoryFile());
    if (!r.valid()) {
      throw new IllegalStateException("lab inventory is invalid: " + r.renderedErrors());
    }
    return r.inventory();
  }

  /** Upgrades every node of {@code lab} to {@link #TARGET}, {@code maxUnavailable} workers at a time; fails unless COMPLETED. */
  Result run(LabSim lab, String maxUnavailable) {
    Inventory inv = inventory(lab);
    UpgradeSpec base = inv.upgrade() == null ? UpgradeSpec.defaults() : inv.upgrade();
    // abort rather than wait for an operator: a benchmark must end
    UpgradeSpec spec = new UpgradeSpec(
        maxUnavailable,
        base.drain(),
        OnNodeFailure.ABORT,
        base.approval(),
        0,
        true,
        Duration.ZERO,
        Duration.ofMinutes(5));
    RollingUpgradeWorkflow wf = client.newWorkflowStub(
        RollingUpgradeWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.mutation(inv.cluster()))
            .setTaskQueue(TASK_QUEUE)
            .setWorkflowExecutionTimeout(Duration.ofHours(2))
            .build());
    long t0 = System.nanoTime();
    String runId = WorkflowClient.start(wf::upgrade, UpgradeRequest.fresh(inv, TARGET, spec))
        .getRunId();
    UpgradeReport report =
        io.temporal.client.WorkflowStub.fromTyped(wf).getResult(UpgradeReport.class);
    long wall = (System.nanoTime() - t0) / 1_000_000;
    if (!dev.bosun.workflows.Phase.COMPLETED.equals(report.outcome())) {
      throw new IllegalStateException(
          "upgrade of " + inv.cluster() + " ended " + report.outcome() + ": " + report.reason());
    }
    for (NodeReport n : report.nodes()) {
      if (!TARGET.toString().equals(n.version())) {
        throw new IllegalStateException(n.node() + " ended at " + n.version() + ", not " + TARGET);
      }
    }
    return new Result(report, wall, runId);
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
    stubs.shutdownNow();
  }
}
