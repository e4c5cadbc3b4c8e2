package dev.bosun.activities.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.upgrade.NodeReport;
import dev.bosun.workflows.upgrade.NodeStatus;
import dev.bosun.workflows.upgrade.NodeStep;
import dev.bosun.workflows.upgrade.RollingUpgradeWorkflow;
import dev.bosun.workflows.upgrade.UpgradeReport;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Rows of docs/reliability.md that had no end-to-end test: the real RollingUpgrade with the real activities,
 * over real SSH, on a 1 + 2 lab-sim, through Temporal's test server in real time, each with one fault and
 * assertions on the cluster's end state (versions, packages, cordons) and on what the run says about it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FaultMatrixIntegrationTest {

  static final String KUBELET_FAILS =
      "Job for kubelet.service failed because the control process exited with error code.";

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");
  /** What etcdctl (bbolt under it) prints when the snapshot's file cannot be written. */
  static final String DISK_FULL =
      "{\"level\":\"info\",\"msg\":\"created temporary db file\",\"path\":\"/var/backups/x.db.part\"}\n"
          + "Error: write /var/backups/x.db.part: no space left on device";
  /** kubeadm's own words when apply fails after it began (it restores the previous manifests itself). */
  static final String APPLY_FAILS =
      "[upgrade/apply] FATAL: couldn't upgrade control plane. kubeadm has tried to recover everything "
          + "into the earlier state. Errors faced: timed out waiting for the condition\n"
          + "To see the stack trace of this error execute with --v=5 or higher";

  private RealTimeTemporal temporal;

  @BeforeAll
  void startTemporal() {
    temporal = new RealTimeTemporal();
  }

  @AfterAll
  void stopTemporal() throws Exception {
    if (temporal != null) {
      temporal.close();
    }
  }

  /** Disk full on the etcd snapshot: the upgrade stops before it changes any node, and says why. */
  @Test
  void aSnapshotThatCannotBeWrittenStopsTheUpgradeBeforeAnyNodeChanges(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("fm-diskfull", dir, 1, 2, LabSpec.ApiBackend.SIM)) {
      Inventory inventory = IntegrationLab.inventory(lab);
      lab.faults().failRun("cp-1", "/^etcdctl .*snapshot save/", 0, 1, DISK_FULL);

      WorkflowFailedException e = assertThrows(
          WorkflowFailedException.class, () -> result(temporal.startUpgrade(inventory, TARGET)));
      String why = rootMessage(e);
      assertTrue(
          why.contains("cp-1")
              && why.contains("snapshot save")
              && why.contains("no space left on device"),
          why);

      List<CommandRecord> saves = lab.commandLog().matching("snapshot save");
      assertFalse(saves.isEmpty(), "the snapshot was attempted");
      assertTrue(
          saves.stream().allMatch(c -> c.exitCode() == 1),
          "every attempt hit the full disk: " + saves);
      nothingChanged(lab, inventory);
    }
  }

  /** The API server unreachable at preflight (its endpoint refuses connections): refused before anything changes. */
  @Test
  void anUnreachableApiServerStopsTheUpgradeAtPreflight(@TempDir Path dir) throws Exception {
    try (LabSim lab = IntegrationLab.start("fm-noapi", dir, 1, 2, LabSpec.ApiBackend.SIM)) {
      String deadEndpoint = "127.0.0.1:" + closedPort();
      Inventory inventory = atEndpoint(IntegrationLab.inventory(lab), deadEndpoint);

      WorkflowFailedException e = assertThrows(
          WorkflowFailedException.class, () -> result(temporal.startUpgrade(inventory, TARGET)));
      String why = rootMessage(e);
      assertTrue(
          why.contains("no answer from the API server at https://" + deadEndpoint)
              && why.contains("Connection refused"),
          "names the endpoint it could not reach and why: " + why);

      assertTrue(
          lab.commandLog().matching("snapshot save").isEmpty(),
          "no snapshot: preflight never passed");
      nothingChanged(lab, inventory);
    }
  }

  /**
   * kubeadm upgrade apply fails on the first control plane (under onNodeFailure: abort): the run ends ABORTED,
   * cp-1 is uncordoned and still runs its version (never downgraded: kubeadm restored its manifests), no worker started.
   */
  @Test
  void aFailedUpgradeApplyAbortsWithTheControlPlaneUncordonedAndNoWorkerTouched(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("fm-apply", dir, 1, 2, LabSpec.ApiBackend.SIM)) {
      Inventory waiting = IntegrationLab.inventory(lab);
      UpgradeSpec u = waiting.upgrade();
      Inventory inventory = with(
          waiting,
          waiting.kubernetes(),
          new UpgradeSpec(
              u.maxUnavailable(),
              u.drain(),
              OnNodeFailure.ABORT,
              u.approval(),
              u.maxFailedNodes(),
              u.etcdSnapshot(),
              u.pauseBetweenBatches(),
              u.operatorTimeout()));
      lab.faults().failRun("cp-1", "kubeadm upgrade apply", 0, 1, APPLY_FAILS);

      UpgradeReport report = result(temporal.startUpgrade(inventory, TARGET));

      assertEquals(Phase.ABORTED, report.outcome(), report.reason());
      assertTrue(
          report.reason().contains("cp-1 failed at " + NodeStep.KUBEADM_UPGRADE.label()),
          report.reason());
      NodeReport cp1 = node(report, "cp-1");
      assertEquals(NodeStatus.ROLLED_BACK, cp1.status(), cp1.toString());
      assertEquals(NodeStep.KUBEADM_UPGRADE.label(), cp1.failedStep());
      assertTrue(cp1.error().contains("couldn't upgrade control plane"), cp1.error());
      assertEquals(IntegrationLab.FROM, cp1.version(), "the report says what cp-1 runs");
      assertTrue(cp1.compensation().contains("uncordoned cp-1: ok"), cp1.compensation());
      assertFalse(
          cp1.compensation().contains("reinstalled"),
          "a control plane is never downgraded: " + cp1.compensation());
      assertFalse(
          report.compensations().stream().anyMatch(c -> c.contains("failed")),
          report.compensations().toString());

      // The report is true to the cluster: cp-1 still serves v1.30.6 (static pods and kubelet),
      // nobody is cordoned.
      assertEquals(IntegrationLab.FROM, lab.state().staticPodVersion("cp-1"));
      assertEquals(IntegrationLab.FROM, lab.state().nodeKubeletVersion("cp-1"));
      assertEquals(IntegrationLab.FROM_PACKAGE, lab.state().installedPackage("cp-1", "kubelet"));
      for (String w : List.of("w-1", "w-2")) {
        assertEquals(NodeStatus.NOT_STARTED, node(report, w).status(), w);
        assertEquals(IntegrationLab.FROM, node(report, w).version(), w);
        assertTrue(
            lab.commandLog().forHost(w).stream().noneMatch(FaultMatrixIntegrationTest::mutating),
            w + " untouched");
      }
      for (NodeSpec n : inventory.nodes()) {
        assertFalse(lab.state().nodeUnschedulable(n.name()), n.name() + " is uncordoned");
      }
      assertTrue(lab.commandLog().matching("kubeadm upgrade apply").stream()
          .allMatch(c -> c.exitCode() == 1));
    }
  }

  /**
   * The API server unreachable in the middle of a worker's upgrade (its endpoint refuses connections and the open
   * ones are cut for 4 s, while w-1 is cordoned): the activities' bounded retries ride it out, the upgrade completes,
   * every node is at the target and nobody is left cordoned.
   */
  @Test
  void anApiOutageWhileAWorkerIsCordonedIsRiddenOutAndNobodyStaysCordoned(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("fm-outage", dir, 1, 2, LabSpec.ApiBackend.SIM);
        TcpForwarder api =
            new TcpForwarder(java.net.URI.create(lab.apiServerUrl()).getPort())) {
      Inventory inventory = atEndpoint(IntegrationLab.inventory(lab), "127.0.0.1:" + api.port());
      RollingUpgradeWorkflow wf = temporal.startUpgrade(inventory, TARGET);

      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(10))
          .until(() -> lab.state().nodeUnschedulable("w-1"));
      api.down();
      Thread.sleep(4_000);
      assertTrue(
          lab.state().nodeUnschedulable("w-1"),
          "w-1 is still cordoned: its uncordon needs the API");
      int before = api.accepted();
      api.up();

      UpgradeReport report = result(wf);
      assertEquals(Phase.COMPLETED, report.outcome(), report.reason());
      assertTrue(api.accepted() > before, "Bosun reconnected after the outage");
      for (NodeSpec n : inventory.nodes()) {
        assertEquals(NodeStatus.UPGRADED, node(report, n.name()).status(), n.name());
        assertEquals(
            TARGET.toString(), node(report, n.name()).version(), n.name() + " reported version");
        assertEquals(
            TARGET.toString(), lab.state().nodeKubeletVersion(n.name()), n.name() + " kubelet");
        assertFalse(lab.state().nodeUnschedulable(n.name()), n.name() + " is uncordoned");
      }
    }
  }

  /**
   * The API server goes away while an abort compensates a failed worker (w-2 cordoned, its kubelet restart failed,
   * the run waiting for the operator): the rollback's uncordon and readiness wait keep retrying instead of
   * reporting success or giving up; when the API is back the run ends ABORTED with w-2 rolled back, Ready at its
   * previous version and uncordoned, and every compensation ok.
   */
  @Test
  void anApiOutageDuringAnAbortDelaysTheRollbackUntilTheApiIsBack(@TempDir Path dir)
      throws Exception {
    try (LabSim lab = IntegrationLab.start("fm-abort-noapi", dir, 1, 2, LabSpec.ApiBackend.SIM);
        TcpForwarder api =
            new TcpForwarder(java.net.URI.create(lab.apiServerUrl()).getPort())) {
      Inventory inventory = atEndpoint(IntegrationLab.inventory(lab), "127.0.0.1:" + api.port());
      lab.faults().failRun("w-2", "systemctl restart kubelet", 0, 1, KUBELET_FAILS);
      RollingUpgradeWorkflow wf = temporal.startUpgrade(inventory, TARGET);
      RealTimeTemporal.awaitOperatorFor(wf, "w-2");
      lab.faults().clear();

      api.down();
      assertTrue(wf.abort("API outage drill").startsWith("aborting"));
      Thread.sleep(6_000);
      assertTrue(lab.state().nodeUnschedulable("w-2"), "w-2 stays cordoned while the API is gone");
      int before = api.accepted();
      api.up();

      UpgradeReport report = result(wf);
      assertEquals(Phase.ABORTED, report.outcome(), report.reason());
      assertTrue(api.accepted() > before, "the rollback reconnected after the outage");
      NodeReport w2 = node(report, "w-2");
      assertEquals(NodeStatus.ROLLED_BACK, w2.status(), "w-2: " + w2);
      assertTrue(w2.compensation().contains("uncordoned w-2: ok"), w2.compensation());
      assertFalse(
          report.compensations().stream().anyMatch(c -> c.contains("failed")),
          report.compensations().toString());
      assertEquals(IntegrationLab.FROM, lab.state().nodeKubeletVersion("w-2"));
      for (NodeSpec n : inventory.nodes()) {
        assertFalse(lab.state().nodeUnschedulable(n.name()), n.name() + " is uncordoned");
      }
    }
  }

  // ---- helpers ----

  /** The inventory with its API server at {@code endpoint} (a closed port, a pass-through that can be cut). */
  private static Inventory atEndpoint(Inventory inventory, String endpoint) {
    KubernetesSpec k = inventory.kubernetes();
    return with(
        inventory,
        new KubernetesSpec(
            k.version(),
            k.podSubnet(),
            k.serviceSubnet(),
            endpoint,
            k.packageRepository(),
            k.kubeconfig()),
        inventory.upgrade());
  }

  /** No node cordoned, no package installed, no kubeadm upgrade, every node at the version it started with. */
  private static void nothingChanged(LabSim lab, Inventory inventory) {
    for (NodeSpec n : inventory.nodes()) {
      assertFalse(lab.state().nodeUnschedulable(n.name()), n.name() + " is not cordoned");
      assertEquals(
          IntegrationLab.FROM, lab.state().nodeKubeletVersion(n.name()), n.name() + " kubelet");
      for (String pkg : List.of("kubeadm", "kubelet", "kubectl")) {
        assertEquals(
            IntegrationLab.FROM_PACKAGE,
            lab.state().installedPackage(n.name(), pkg),
            n.name() + " " + pkg);
      }
      assertTrue(
          lab.state().holds(n.name()).containsAll(List.of("kubeadm", "kubelet", "kubectl")),
          n.name() + " holds");
      assertTrue(
          lab.commandLog().forHost(n.name()).stream()
              .noneMatch(FaultMatrixIntegrationTest::mutating),
          n.name() + " ran nothing that changes it: " + lab.commandLog().forHost(n.name()));
    }
    assertEquals(IntegrationLab.FROM, lab.state().staticPodVersion("cp-1"));
    // Workers are not touched at all; cp-1 at most got its apt source switched (packages held,
    // nothing installed).
    assertTrue(
        lab.commandLog().all().stream()
            .filter(c -> c.command().contains("| sudo -n tee"))
            .allMatch(c -> c.host().equals("cp-1")),
        "only cp-1's apt source may have been written");
  }

  /**
   * A command that changes a host. Preflight's package check points the first control plane's apt source at the
   * target minor (to see that the packages exist); that one line is not counted here, see nothingChanged.
   */
  private static boolean mutating(CommandRecord c) {
    String s = c.command();
    return (s.contains("| sudo -n tee")
            && !s.contains("tee /etc/apt/sources.list.d/kubernetes.list"))
        || s.contains("apt-get install")
        || s.contains("apt-mark unhold")
        || s.contains("kubeadm upgrade apply")
        || s.contains("kubeadm upgrade node")
        || s.contains("systemctl restart");
  }

  private static Inventory with(Inventory i, KubernetesSpec kubernetes, UpgradeSpec upgrade) {
    return new Inventory(
        i.cluster(),
        kubernetes,
        i.ssh(),
        i.hypervisor(),
        i.nodes(),
        upgrade,
        i.backup(),
        i.drill(),
        i.hypervisors(),
        i.init());
  }

  private static UpgradeReport result(RollingUpgradeWorkflow wf) throws Exception {
    return WorkflowStub.fromTyped(wf).getResult(75, TimeUnit.SECONDS, UpgradeReport.class);
  }

  /** The activity's own words: the outermost application failure's message (what the CLI and the UI show). */
  private static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        return af.getOriginalMessage();
      }
    }
    return e.getMessage();
  }

  private static NodeReport node(UpgradeReport r, String name) {
    return r.nodes().stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A TCP pass-through to the lab's API port that can refuse connections and cut the open ones ({@link #down}). */
  static final class TcpForwarder implements AutoCloseable {
    private final int target;
    private final int port;
    private final java.util.Set<java.net.Socket> open =
        java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();
    private volatile ServerSocket server;

    TcpForwarder(int target) throws IOException {
      this.target = target;
      this.server = bind(0);
      this.port = server.getLocalPort();
      serve(server);
    }

    int port() {
      return port;
    }

    int accepted() {
      return accepted.get();
    }

    /** Unbinds the port (new connections are refused) and cuts every open connection. */
    synchronized void down() throws IOException {
      server.close();
      for (java.net.Socket s : open) {
        s.close();
      }
      open.clear();
    }

    /** Binds the same port again. */
    synchronized void up() throws IOException {
      server = bind(port);
      serve(server);
    }

    private static ServerSocket bind(int port) throws IOException {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      return s;
    }

    private void serve(ServerSocket s) {
      Thread t = new Thread(
          () -> {
            while (!s.isClosed()) {
              try {
                java.net.Socket client = s.accept();
                java.net.Socket upstream = new java.net.Socket("127.0.0.1", target);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                accepted.incrementAndGet();
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
              } catch (IOException e) {
                // closed by down()/close(), or one connection failed: keep serving while bound
              }
            }
          },
          "api-forwarder-accept");
      t.setDaemon(true);
      t.start();
    }

    private void pipe(java.net.Socket from, java.net.Socket to) {
      Thread t = new Thread(
          () -> {
            try {
              from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
              // cut
            } finally {
              try {
                from.close();
                to.close();
              } catch (IOException ignored) {
                // already closed
              }
              open.remove(from);
              open.remove(to);
            }
          },
          "api-forwarder-pipe");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      down();
    }
  }
}
