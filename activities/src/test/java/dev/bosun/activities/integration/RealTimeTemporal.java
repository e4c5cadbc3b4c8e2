package dev.bosun.activities.integration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bosun.activities.ActivityImplementations;
import dev.bosun.activities.ActivitySettings;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.BosunWorkflows;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.TaskQueues;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.drain.DrainReport;
import dev.bosun.workflows.drain.DrainRequest;
import dev.bosun.workflows.drain.NodeDrainWorkflow;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.upgrade.NodeStep;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import dev.bosun.workflows.upgrade.UpgradeReport;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's test server on a real port in real time (time skipping would fast-forward timers and
 * heartbeat timeouts while real SSH commands run), with Bosun's search attributes registered and one
 * worker running every Bosun workflow and the real activities.
 */
final class RealTimeTemporal implements AutoCloseable {

  private final TestServer.PortBoundTestServer server;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final ActivityImplementations activities;

  RealTimeTemporal() {
    int port = freePort();
    server = TestServer.createPortBoundServer(port);
    stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    registerSearchAttributes();
    client = WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(
        BosunWorkflows.IMPLEMENTATIONS.toArray(new Class<?>[0]));
    activities = ActivityImplementations.create(ActivitySettings.defaults());
    worker.registerActivitiesImplementations(activities.implementations().toArray());
    factory.start();
  }

  private void registerSearchAttributes() {
    // Built on the workflow stubs' channel: building operator stubs from a target NPEs in SDK 1.38.
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
            .setChannel(stubs.getRawChannel())
            .validateAndBuildWithDefaults());
    Map<String, IndexedValueType> types = new LinkedHashMap<>();
    BosunSearchAttributes.ALL.forEach((name, type) -> types.put(
        name,
        type.equals("Int")
            ? IndexedValueType.INDEXED_VALUE_TYPE_INT
            : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    operator
        .blockingStub()
        .addSearchAttributes(AddSearchAttributesRequest.newBuilder()
            .setNamespace("default")
            .putAllSearchAttributes(types)
            .build());
  }

  WorkflowClient client() {
    return client;
  }

  /** Starts the cluster's RollingUpgrade to {@code target} with the inventory's upgrade settings. */
  RollingUpgradeWorkflow startUpgrade(Inventory inventory, KubeVersion target) {
    RollingUpgradeWorkflow wf = client.newWorkflowStub(
        RollingUpgradeWorkflow.class, options(WorkflowIds.mutation(inventory.cluster())));
    WorkflowClient.start(wf::upgrade, UpgradeRequest.fresh(inventory, target, inventory.upgrade()));
    return wf;
  }

  /** The upgrade's report, waiting at most {@code seconds}. */
  static UpgradeReport result(RollingUpgradeWorkflow wf, int seconds) throws Exception {
    return WorkflowStub.fromTyped(wf).getResult(seconds, TimeUnit.SECONDS, UpgradeReport.class);
  }

  /** Runs the cluster's NodeDrain of {@code node} with the integration drain options and this timeout. */
  DrainReport drain(Inventory inventory, String node, Duration timeout) {
    NodeDrainWorkflow wf = client.newWorkflowStub(
        NodeDrainWorkflow.class, options(WorkflowIds.mutation(inventory.cluster())));
    return wf.drain(
        new DrainRequest(ClusterTarget.of(inventory), node, IntegrationLab.drain(timeout)));
  }

  /** Options of a workflow on Bosun's task queue. */
  /** Waits (bounded retries of kubelet-restart take ~15 s) until the upgrade asks the operator about {@code node}. */
  static UpgradeProgress awaitOperatorFor(RollingUpgradeWorkflow wf, String node) {
    UpgradeProgress p = await()
        .atMost(Duration.ofSeconds(100))
        .pollInterval(Duration.ofMillis(250))
        .until(wf::progress, x -> x.awaiting() != null);
    assertEquals(Phase.AWAITING_OPERATOR, p.phase());
    assertEquals(node, p.awaiting().node());
    assertEquals(NodeStep.KUBELET_RESTART.label(), p.awaiting().step());
    assertEquals(
        "awaiting-operator",
        p.nodes().stream()
            .filter(r -> r.node().equals(node))
            .findFirst()
            .orElseThrow()
            .state());
    return p;
  }

  static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.DEFAULT)
        .build();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    factory.shutdownNow();
    factory.awaitTermination(5, TimeUnit.SECONDS);
    activities.close();
    stubs.shutdownNow();
    stubs.awaitTermination(2, TimeUnit.SECONDS);
    server.close();
  }
}
