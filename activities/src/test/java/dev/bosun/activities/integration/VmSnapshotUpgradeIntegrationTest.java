package dev.bosun.activities.integration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.HypervisorHosts;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.init.ClusterInitWorkflow;
import dev.bosun.workflows.init.InitReport;
import dev.bosun.workflows.init.InitRequest;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.SshSpec;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.model.VmSpec;
import dev.bosun.workflows.upgrade.NodeReport;
import dev.bosun.workflows.upgrade.NodeStatus;
import dev.bosun.workflows.upgrade.PreflightFinding;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeReport;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * upgrade.snapshotBeforeUpgrade end to end: the real ClusterInit builds 1 + 3 VMs on lab-sim's hypervisor hosts (cp-1
 * and w-1 on Vagrant/libvirt, w-2 on Hyper-V, w-3 on UTM), then the real RollingUpgrade v1.30.6 → v1.31.2 snapshots
 * w-1 and w-2 after their drain. w-1's kubelet restart fails after its packages changed; the operator skips it, and
 * w-1 comes back from its snapshot: packages, holds, repository and kubelet at v1.30.6, with no package reinstalled.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class VmSnapshotUpgradeIntegrationTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");
  static final String SNAPSHOT = "bosun-pre-upgrade-v1.31.2";

  @Test
  void aSkippedWorkerIsRestoredFromItsSnapshotOthersUpgradeAndLoseTheirs(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.forInit("int-snap", 1, 3, IntegrationLab.FROM, dir)
            .withCommandLatency(Duration.ofMillis(5))
            .withNotReadyWindow(Duration.ofMillis(400)));
        RealTimeTemporal temporal = new RealTimeTemporal()) {
      Inventory inventory = inventory(lab);
      WorkflowClient client = temporal.client();

      ClusterInitWorkflow init = client.newWorkflowStub(
          ClusterInitWorkflow.class,
          RealTimeTemporal.options(WorkflowIds.mutation(inventory.cluster())));
      InitReport built = init.init(new InitRequest(inventory));
      assertEquals(InitReport.SUCCEEDED, built.outcome(), built.toString());
      // fresh VMs have no etcdctl: init put it on cp-1, so the upgrade's snapshot and quorum guard
      // can run
      assertEquals(0, lab.run("cp-1", "etcdctl version").exitCode());
      assertEquals(127, lab.run("w-1", "etcdctl version").exitCode(), "workers get none");
      for (NodeSpec n : inventory.nodes()) {
        inventory = inventory.withNode(n.withAddress(lab.state().host(n.name()).address()));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> List.of("cp-1", "w-1", "w-2", "w-3").stream().allMatch(lab.state()::nodeReady));
      assertEquals(IntegrationLab.FROM_PACKAGE, lab.state().installedPackage("w-1", "kubelet"));
      int commandsBefore = lab.commandLog().all().size();

      lab.faults()
          .failRun(
              "w-1",
              "systemctl restart kubelet",
              0,
              1,
              RollingUpgradeIntegrationTest.KUBELET_FAILS);
      RollingUpgradeWorkflow wf = temporal.startUpgrade(inventory, TARGET);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> wf.progress().awaiting() != null
              && "w-1".equals(wf.progress().awaiting().node()));
      // The failure came after w-1's packages changed: its snapshot is what brings it back.
      assertEquals(
          RollingUpgradeIntegrationTest.TARGET_PACKAGE,
          lab.state().installedPackage("w-1", "kubelet"));
      lab.faults().clear();
      assertTrue(wf.skip("w-1").startsWith("skipping w-1"));
      UpgradeReport report =
          WorkflowStub.fromTyped(wf).getResult(120, TimeUnit.SECONDS, UpgradeReport.class);

      assertEquals(Phase.FAILED, report.outcome(), report.reason());
      NodeReport w1 = node(report, "w-1");
      assertEquals(NodeStatus.ROLLED_BACK, w1.status(), w1.toString());
      assertEquals("v1.30.6", w1.version());
      assertTrue(
          w1.compensation().contains("restored VM snapshot " + SNAPSHOT + " of w-1 on linux-box"),
          w1.compensation());
      for (String p : List.of("kubeadm", "kubelet", "kubectl")) {
        assertEquals(
            IntegrationLab.FROM_PACKAGE, lab.state().installedPackage("w-1", p), "w-1 " + p);
      }
      assertEquals(
          java.util.Set.of("kubeadm", "kubelet", "kubectl"), lab.state().holds("w-1"));
      assertEquals("v1.30", lab.state().configuredRepositoryMinor("w-1"));
      assertEquals("v1.30.6", lab.state().kubeletRunningVersion("w-1"));
      assertEquals("v1.30.6", lab.state().nodeKubeletVersion("w-1"));
      assertTrue(lab.state().nodeReady("w-1"));
      assertFalse(lab.state().nodeUnschedulable("w-1"), "uncordoned");

      List<CommandRecord> upgrade =
          lab.commandLog().all().subList(commandsBefore, lab.commandLog().all().size());
      assertTrue(
          upgrade.stream()
              .noneMatch(c -> c.host().equals("w-1")
                  && c.command().contains("apt-get install")
                  && c.command().contains(IntegrationLab.FROM_PACKAGE)),
          "no package reinstalled on w-1");
      assertEquals(
          1,
          count(upgrade, HypervisorHosts.VAGRANT, "vagrant snapshot restore"),
          "one restore, of w-1");
      assertTrue(
          upgrade.stream()
              .anyMatch(c ->
                  c.host().equals(HypervisorHosts.HYPERV) && c.command().contains("powershell")),
          "w-2's checkpoint went through Hyper-V");
      assertTrue(
          lab.state()
              .hypervisors()
              .vms(HypervisorHosts.VAGRANT)
              .get("int-snap-w-1")
              .snapshots()
              .isEmpty(),
          "w-1's deleted");
      assertTrue(
          lab.state()
              .hypervisors()
              .vms(HypervisorHosts.HYPERV)
              .get("int-snap-w-2")
              .snapshots()
              .isEmpty(),
          "w-2's deleted");

      assertEquals(NodeStatus.UPGRADED, node(report, "w-2").status());
      assertEquals(NodeStatus.UPGRADED, node(report, "w-3").status());
      assertEquals(
          RollingUpgradeIntegrationTest.TARGET_PACKAGE,
          lab.state().installedPackage("w-2", "kubelet"));
      assertEquals(TARGET.toString(), lab.state().nodeKubeletVersion("w-3"));
      assertTrue(
          report.preflight().stream()
              .anyMatch(f -> f.check() == PreflightFinding.Check.VM_SNAPSHOTS
                  && f.severity() == PreflightFinding.Severity.WARNING
                  && f.message().contains("w-3 fall back")),
          report.preflight().toString());
    }
  }

  private static long count(List<CommandRecord> log, String host, String fragment) {
    return log.stream()
        .filter(c -> c.host().equals(host) && c.command().contains(fragment))
        .count();
  }

  private static NodeReport node(UpgradeReport r, String name) {
    return r.nodes().stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
  }

  /** The init lab's cluster as its inventory file describes it, with snapshotBeforeUpgrade on. */
  private static Inventory inventory(LabSim lab) {
    String endpoint = lab.apiServerUrl().replace("https://", "");
    Map<String, HypervisorSpec> hypervisors = new LinkedHashMap<>();
    hypervisors.put(
        "linux-box",
        new HypervisorSpec(
            HypervisorSpec.VAGRANT,
            lab.host(HypervisorHosts.VAGRANT).address(),
            "libvirt",
            "/home/bosun/labs/int-snap",
            null,
            null,
            null,
            null));
    hypervisors.put(
        "win10",
        new HypervisorSpec(
            HypervisorSpec.HYPERV,
            lab.host(HypervisorHosts.HYPERV).address(),
            null,
            null,
            "bosun",
            "LabExternal",
            "C:\\VMs\\int-snap",
            null));
    hypervisors.put(
        "mac",
        new HypervisorSpec(
            HypervisorSpec.UTM,
            lab.host(HypervisorHosts.UTM).address(),
            null,
            null,
            "bosun",
            null,
            null,
            null));
    List<NodeSpec> nodes = List.of(
        new NodeSpec(
            "cp-1",
            NodeRole.CONTROL_PLANE,
            null,
            null,
            new VmSpec("linux-box", "bento/ubuntu-22.04", 2, 2048, 20, null)),
        new NodeSpec(
            "w-1",
            NodeRole.WORKER,
            null,
            null,
            new VmSpec("linux-box", "bento/ubuntu-22.04", 2, 2048, 20, null)),
        new NodeSpec(
            "w-2",
            NodeRole.WORKER,
            null,
            null,
            new VmSpec("win10", "C:\\VMs\\templates\\ubuntu-22.04.vhdx", 2, 2048, 20, null)),
        new NodeSpec(
            "w-3",
            NodeRole.WORKER,
            null,
            null,
            new VmSpec("mac", "ubuntu-22.04-arm64", 2, 2048, 20, "arm64")));
    UpgradeSpec upgrade = new UpgradeSpec(
        "1",
        IntegrationLab.drain(Duration.ofMinutes(2)),
        OnNodeFailure.WAIT_FOR_OPERATOR,
        ApprovalGate.NONE,
        0,
        true,
        Duration.ZERO,
        Duration.ofMinutes(10),
        true);
    return new Inventory(
        "int-snap",
        new KubernetesSpec(
            IntegrationLab.FROM,
            "10.244.0.0/16",
            "10.96.0.0/12",
            endpoint,
            KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY,
            null),
        new SshSpec(
            "bosun",
            lab.privateKey().toAbsolutePath().toString(),
            lab.knownHosts().toAbsolutePath().toString(),
            lab.sshPort(),
            true,
            null,
            Duration.ofSeconds(15),
            Duration.ofMinutes(15)),
        null,
        nodes,
        upgrade,
        null,
        null,
        hypervisors,
        new dev.bosun.workflows.model.InitSpec(
            dev.bosun.workflows.model.InitSpec.DEFAULT_CNI_MANIFEST,
            4,
            Duration.ofMinutes(2),
            Duration.ofMinutes(2),
            Duration.ofMinutes(2),
            dev.bosun.workflows.model.InitSpec.DEFAULT_ETCD_RELEASES));
  }
}
