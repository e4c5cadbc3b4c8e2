package dev.bosun.workflows.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.model.InitSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.testing.FakeLab;
import dev.bosun.workflows.testing.InitLabs;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The happy path: 3 control planes and 3 workers on three hypervisors (one arm64), and a node that exists already. */
@Timeout(60)
class ClusterInitWorkflowTest {

  private final FakeLab lab = InitLabs.lab(150);
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private InitReport init(dev.bosun.workflows.model.Inventory inventory) {
    env = InitLabs.start(lab);
    ClusterInitWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            ClusterInitWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    return wf.init(new InitRequest(inventory));
  }

  private static InitNodeRow row(InitReport r, String node) {
    return r.nodes().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
  }

  @Test
  void testEveryNodeReadyAndTheReportSaysWhereItRuns() {
    InitReport report = init(InitLabs.inventory());
    assertEquals(InitReport.SUCCEEDED, report.outcome(), report.toString());
    assertEquals(6, report.nodes().size());
    for (InitNodeRow r : report.nodes()) {
      assertEquals(InitView.READY, r.status(), r.toString());
      assertEquals("v1.31.2", r.version());
      assertEquals(InitLabs.PLACEMENT.get(r.node()), r.hypervisor());
      assertEquals("lab1-" + r.node(), r.vmName());
      assertEquals(r.hypervisor().equals("hv-c") ? "arm64" : "amd64", r.arch(), r.node());
      assertTrue(r.address().startsWith("10.1.0."), r.toString());
      assertFalse(r.adopted());
      assertEquals(r.node().startsWith("cp") ? "control-plane" : "worker", r.role());
      assertEquals(
          r.address(),
          lab.sshAddresses.get(r.node()),
          "SSH went to the address the hypervisor reported");
      assertEquals(
          r.arch(), lab.packageArch.get(r.node()), "packages for the node's own architecture");
    }
    assertEquals(6, lab.vmNames().size());
    assertEquals(KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY, lab.packageRepository);
    assertEquals("https://example.test/cni.yaml", lab.cniManifest);
    String cp1 = row(report, "cp-1").address();
    assertEquals(
        cp1 + ":6443",
        lab.initRequest.controlPlaneEndpoint(),
        "no endpoint in the inventory: the first control plane's");
    assertEquals(cp1, lab.initRequest.advertiseAddress());
    assertEquals("10.244.0.0/16", lab.initRequest.podSubnet());
    assertTrue(
        report.notes().contains("API server at " + cp1 + ":6443"),
        report.notes().toString());
    assertTrue(
        lab.callsOf("kubeadmReset").isEmpty() && lab.callsOf("destroyVm").isEmpty(),
        "nothing undone");
  }

  @Test
  void testOrderInitFirstControlPlanesOneByOneWorkersBoundedParallel() {
    init(InitLabs.inventory());
    List<String> hv = List.of("hv-a", "hv-b", "hv-c");
    int lastInspect =
        hv.stream().mapToInt(h -> lab.indexOf("listVms:" + h)).max().orElseThrow();
    assertTrue(
        lastInspect < lab.indexOf("createVm:cp-1"),
        "every hypervisor inspected before any VM is created");
    int init = lab.indexOf("kubeadmInit:cp-1");
    for (String n : List.of("cp-1", "cp-2", "cp-3", "w-1", "w-2", "w-3")) {
      assertTrue(
          lab.indexOf("installKubernetesPackages:" + n) < init,
          n + " bootstrapped before kubeadm init");
    }
    assertTrue(init < lab.indexOf("applyCni:cp-1"));
    assertTrue(
        lab.indexOf("applyCni:cp-1") < lab.indexOf("kubeadmJoin:cp-2"), "CNI before the joins");
    assertTrue(
        lab.indexOf("joined:cp-2") < lab.indexOf("kubeadmJoin:cp-3"),
        "control planes join one at a time");
    for (String w : InitLabs.WORKERS) {
      assertTrue(
          lab.indexOf("joined:cp-3") < lab.indexOf("kubeadmJoin:" + w),
          "workers after every control plane");
      assertTrue(lab.indexOf("joined:" + w) < lab.indexOf("waitForNodeReady:" + w));
      assertEquals(Map.of(ClusterInitWorkflowImpl.WORKER_ROLE_LABEL, ""), lab.labels.get(w));
    }
    assertEquals(1, lab.maxConcurrent("kubeadmJoinControlPlane"));
    assertEquals(
        2,
        lab.maxConcurrent("kubeadmJoinWorker"),
        "workers join in parallel, at most init.parallelism at once");
    assertEquals(
        2,
        lab.maxConcurrent("createVm"),
        "VMs are created in parallel, at most init.parallelism at once");
    assertFalse(
        lab.labels.containsKey("cp-1"), "control planes keep kubeadm's own label and taint");
    assertEquals(1, lab.count("kubeadmInit:cp-1"));
  }

  @Test
  void testAnExistingMachineIsBootstrappedAndJoinedWithoutAVm() {
    InitReport report = init(
        InitLabs.inventory(List.of(new NodeSpec("old-1", NodeRole.WORKER, "192.168.56.31", null))));
    assertEquals(InitReport.SUCCEEDED, report.outcome());
    InitNodeRow old = row(report, "old-1");
    assertEquals(InitView.READY, old.status());
    assertNull(old.hypervisor());
    assertNull(old.vmName());
    assertEquals("192.168.56.31", lab.sshAddresses.get("old-1"));
    assertFalse(lab.calls.contains("createVm:old-1"));
    assertTrue(lab.calls.contains("joined:old-1"));
  }

  @Test
  void testEveryControlPlaneGetsTheEtcdClientOnceTheyHaveJoinedBeforeAnyWorkerJoins() {
    InitReport report = init(InitLabs.inventory());
    assertEquals(InitReport.SUCCEEDED, report.outcome(), report.toString());
    for (String cp : List.of("cp-1", "cp-2", "cp-3")) {
      assertEquals(1, lab.count("installEtcdClient:" + cp), cp);
      assertTrue(lab.indexOf("joined:cp-3") < lab.indexOf("installEtcdClient:" + cp), cp);
      for (String w : InitLabs.WORKERS) {
        assertTrue(
            lab.indexOf("installEtcdClient:" + cp) < lab.indexOf("kubeadmJoin:" + w),
            "a control plane is complete, etcdctl included, before the workers join");
      }
    }
    for (String w : InitLabs.WORKERS) {
      assertFalse(lab.calls.contains("installEtcdClient:" + w), "workers run no etcd member");
    }
    assertEquals(InitSpec.DEFAULT_ETCD_RELEASES, lab.etcdReleases);
  }

  @Test
  void testAnEtcdClientThatCannotBeInstalledIsANoteNotAFailedBuild() {
    lab.failAt("installEtcdClient:cp-2", 1);
    InitReport report = init(InitLabs.inventory());
    assertEquals(InitReport.SUCCEEDED, report.outcome(), report.toString());
    assertEquals(InitView.READY, row(report, "cp-2").status());
    assertTrue(
        report.notes().stream()
            .anyMatch(n -> n.startsWith("cp-2: etcdctl/etcdutl not installed (")
                && n.contains("injected failure of installEtcdClient on cp-2")
                && n.contains("bosun upgrade and bosun backup need them")),
        report.notes().toString());
    assertTrue(
        report.notes().stream().noneMatch(n -> n.startsWith("cp-1:") || n.startsWith("cp-3:")),
        report.notes().toString());
    assertTrue(lab.callsOf("kubeadmReset").isEmpty(), "nothing undone for a missing tool");
  }

  @Test
  void testEtcdClientNoneInstallsNothing() {
    Inventory none = InitLabs.inventory().withInit(InitLabs.inventory().init().withoutEtcdClient());
    InitReport report = init(none);
    assertEquals(InitReport.SUCCEEDED, report.outcome(), report.toString());
    assertTrue(lab.callsOf("installEtcdClient").isEmpty(), lab.calls.toString());
  }

  @Test
  void testUiSearchAttributesAndActivitySummaries() {
    init(InitLabs.inventory());
    WorkflowClient client = env.getWorkflowClient();
    var described = client.newUntypedWorkflowStub(WorkflowIds.mutation("lab1")).describe();
    assertEquals(
        "Completed", described.getTypedSearchAttributes().get(BosunSearchAttributes.PHASE));
    assertEquals(6L, described.getTypedSearchAttributes().get(BosunSearchAttributes.NODES_DONE));
    assertEquals(6L, described.getTypedSearchAttributes().get(BosunSearchAttributes.NODES_TOTAL));
    List<String> summaries = client.fetchHistory(WorkflowIds.mutation("lab1")).getEvents().stream()
        .filter(HistoryEvent::hasUserMetadata)
        .map(ev -> ev.getUserMetadata().getSummary().getData().toStringUtf8())
        .toList();
    assertTrue(summaries.contains("\"create VM for w-3 on hv-c\""), summaries.toString());
    assertTrue(
        summaries.contains("\"kubeadm join cp-2 as a control plane\""), summaries.toString());
  }
}
