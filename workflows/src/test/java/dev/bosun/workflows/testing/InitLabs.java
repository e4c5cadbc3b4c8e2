package dev.bosun.workflows.testing;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.BosunWorkflows;
import dev.bosun.workflows.TaskQueues;
import dev.bosun.workflows.init.ClusterInitWorkflow;
import dev.bosun.workflows.init.InitProgress;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.InitSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.SshSpec;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.model.VmSpec;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Inventories for cluster init (VMs on three hypervisors, one of them arm64) and a test environment wired to a {@link FakeLab}. */
public final class InitLabs {

  public static final List<String> CONTROL_PLANES = List.of("cp-1", "cp-2", "cp-3");
  public static final List<String> WORKERS = List.of("w-1", "w-2", "w-3");
  /** node → hypervisor: the third of each role on the arm64 Mac. */
  public static final Map<String, String> PLACEMENT = Map.of(
      "cp-1", "hv-a", "cp-2", "hv-b", "cp-3", "hv-c", "w-1", "hv-a", "w-2", "hv-b", "w-3", "hv-c");

  private InitLabs() {}

  /** 3 control planes and 3 workers on hv-a (Vagrant/libvirt), hv-b (Hyper-V over SSH), hv-c (UTM, arm64); parallelism 2. */
  public static Inventory inventory() {
    return inventory(List.of());
  }

  /** Same, plus {@code existing} nodes: workers without a VM, at fixed addresses. */
  public static Inventory inventory(List<NodeSpec> existing) {
    List<NodeSpec> nodes = new ArrayList<>();
    for (String n : CONTROL_PLANES) {
      nodes.add(vmNode(n, NodeRole.CONTROL_PLANE));
    }
    for (String n : WORKERS) {
      nodes.add(vmNode(n, NodeRole.WORKER));
    }
    nodes.addAll(existing);
    Map<String, HypervisorSpec> hypervisors = new LinkedHashMap<>();
    hypervisors.put(
        "hv-a",
        new HypervisorSpec(
            HypervisorSpec.VAGRANT, "local", "libvirt", "/labs/lab1", null, null, null, null));
    hypervisors.put(
        "hv-b",
        new HypervisorSpec(
            HypervisorSpec.HYPERV,
            "192.168.1.20",
            null,
            null,
            "admin",
            "LabSwitch",
            "D:\\VMs",
            null));
    hypervisors.put(
        "hv-c",
        new HypervisorSpec(HypervisorSpec.UTM, "192.168.1.30", null, null, "me", null, null, null));
    return new Inventory(
        "lab1",
        new KubernetesSpec("v1.31.2", "10.244.0.0/16", "10.96.0.0/12", null, null, null),
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
        null,
        hypervisors,
        new InitSpec(
            "https://example.test/cni.yaml",
            2,
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            InitSpec.DEFAULT_ETCD_RELEASES));
  }

  private static NodeSpec vmNode(String n, NodeRole role) {
    String hv = PLACEMENT.get(n);
    String arch = hv.equals("hv-c") ? VmSpec.ARM64 : null;
    return new NodeSpec(
        n,
        role,
        null,
        null,
        new VmSpec(
            hv, hv.equals("hv-c") ? "debian-12-arm64" : "debian/bookworm64", 2, 4096, 20, arch));
  }

  /** hv-c's VMs report aarch64. */
  public static FakeLab lab(long stepMillis) {
    FakeLab lab = new FakeLab(stepMillis);
    PLACEMENT.forEach((n, hv) -> lab.machine.put(n, hv.equals("hv-c") ? "aarch64" : "x86_64"));
    return lab;
  }

  public static TestWorkflowEnvironment start(FakeLab lab) {
    return start(lab, TestEnvironmentOptions.newBuilder().build());
  }

  /** Without a workflow cache: every workflow task replays the history from the start, as after a worker crash. */
  public static TestWorkflowEnvironment startWithoutCache(FakeLab lab) {
    return start(
        lab,
        TestEnvironmentOptions.newBuilder()
            .setWorkerFactoryOptions(
                WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build())
            .build());
  }

  private static TestWorkflowEnvironment start(FakeLab lab, TestEnvironmentOptions options) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options);
    BosunSearchAttributes.ALL.forEach((name, type) -> env.registerSearchAttribute(
        name,
        type.equals("Int")
            ? IndexedValueType.INDEXED_VALUE_TYPE_INT
            : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(
        BosunWorkflows.IMPLEMENTATIONS.toArray(new Class<?>[0]));
    worker.registerActivitiesImplementations(lab, new FakeLabKube(lab));
    env.start();
    return env;
  }

  /** Polls the progress query until {@code condition} holds (real time). */
  public static InitProgress awaitProgress(
      ClusterInitWorkflow wf, Predicate<InitProgress> condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    InitProgress p = wf.progress();
    while (!condition.test(p)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not reached; progress: " + p);
      }
      Thread.sleep(50);
      p = wf.progress();
    }
    return p;
  }
}
