package dev.bosun.workflows.testing;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.BosunWorkflows;
import dev.bosun.workflows.TaskQueues;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.SshSpec;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeProgress;
import dev.bosun.workflows.upgrade.UpgradeRequest;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Inventories, options and a time-skipping Temporal test environment wired to a {@link FakeCluster}. */
public final class TestClusters {

  private TestClusters() {}

  public static Inventory inventory(FakeCluster cluster) {
    List<NodeSpec> nodes = new ArrayList<>();
    int i = 10;
    for (FakeCluster.Node n : cluster.nodes.values()) {
      nodes.add(new NodeSpec(
          n.name,
          n.controlPlane ? NodeRole.CONTROL_PLANE : NodeRole.WORKER,
          "10.0.0." + (i++ % 250),
          null));
    }
    return new Inventory(
        "lab1",
        new KubernetesSpec(
            "v1.30.6",
            "10.244.0.0/16",
            "10.96.0.0/12",
            "10.0.0.10:6443",
            KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY,
            null),
        new SshSpec(
            "bosun",
            "/keys/id_ed25519",
            "/keys/known_hosts",
            22,
            false,
            null,
            Duration.ofSeconds(10),
            Duration.ofMinutes(5)),
        null,
        nodes,
        UpgradeSpec.defaults(),
        null,
        null);
  }

  public static UpgradeSpec spec(
      String maxUnavailable, OnNodeFailure onFailure, ApprovalGate approval, int maxFailed) {
    return new UpgradeSpec(
        maxUnavailable,
        DrainOptions.defaults(),
        onFailure,
        approval,
        maxFailed,
        true,
        Duration.ZERO,
        Duration.ofHours(24));
  }

  /** A started environment with every Bosun workflow and the fake's activities on the default task queue. */
  public static TestWorkflowEnvironment start(FakeCluster cluster) {
    return start(cluster, BosunWorkflows.IMPLEMENTATIONS.toArray(new Class<?>[0]));
  }

  /** Every Bosun workflow, the fake's activities and {@code hypervisor}'s (e.g. {@link FakeVmSnapshots}). */
  public static TestWorkflowEnvironment startWith(FakeCluster cluster, Object hypervisor) {
    return start(
        List.<Object>of(cluster, hypervisor),
        BosunWorkflows.IMPLEMENTATIONS.toArray(new Class<?>[0]));
  }

  /** Same, with these workflow implementations (a test subclass in place of a real one). */
  public static TestWorkflowEnvironment start(FakeCluster cluster, Class<?>... implementations) {
    return start(List.<Object>of(cluster), implementations);
  }

  private static TestWorkflowEnvironment start(
      List<Object> activities, Class<?>... implementations) {
    TestWorkflowEnvironment env = newEnvironment();
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(implementations);
    worker.registerActivitiesImplementations(activities.toArray());
    env.start();
    return env;
  }

  /** A test environment (time-skipping, not started) with Bosun's search attributes registered. */
  public static TestWorkflowEnvironment newEnvironment() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    BosunSearchAttributes.ALL.forEach((name, type) -> env.registerSearchAttribute(
        name,
        type.equals("Int")
            ? IndexedValueType.INDEXED_VALUE_TYPE_INT
            : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    return env;
  }

  /** Polls the progress query (real time: the test server only skips time while a result is awaited). */
  public static UpgradeProgress awaitProgress(
      RollingUpgradeWorkflow wf, Predicate<UpgradeProgress> condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    UpgradeProgress p = wf.progress();
    while (!condition.test(p)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not reached; progress: " + p);
      }
      Thread.sleep(50);
      p = wf.progress();
    }
    return p;
  }

  /** Starts the cluster's upgrade under its mutation ID, as {@code bosun upgrade} does, and returns its stub. */
  public static RollingUpgradeWorkflow startUpgrade(
      TestWorkflowEnvironment env, UpgradeRequest request) {
    RollingUpgradeWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            RollingUpgradeWorkflow.class,
            options(WorkflowIds.mutation(request.inventory().cluster())));
    WorkflowClient.start(wf::upgrade, request);
    return wf;
  }

  public static WorkflowOptions options(String id) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(TaskQueues.DEFAULT)
        .build();
  }
}
