package dev.bosun.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.TaskQueues;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.backup.FakeBackupActivities;
import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.model.DrillSpec;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.VmSpec;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.SagaEndings;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The restore drill saga on the Temporal test server: its activities in memory, its children fakes. */
public class RestoreDrillWorkflowTest {

  static final String OLD = "bosun-lab1-20261101030000";
  static final String NEWEST = "bosun-lab1-20261201030000";
  static final String UNVERIFIED = "bosun-lab1-20261202030000";

  private FakeBackupActivities backup;
  private FakeDrillActivities drill;
  private ScratchChildren children;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    backup = new FakeBackupActivities();
    for (String name : List.of(OLD, NEWEST)) {
      backup.offHost.put(name, new OffHostEntry(name, BackupPlan.takenAt(name), true, null));
    }
    backup.offHost.put(
        UNVERIFIED, new OffHostEntry(UNVERIFIED, BackupPlan.takenAt(UNVERIFIED), false, null));
    drill = new FakeDrillActivities();
    children = new ScratchChildren();
    env = TestClusters.newEnvironment();
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(RestoreDrillWorkflowImpl.class);
    children.register(worker);
    worker.registerActivitiesImplementations(backup, drill);
    env.start();
  }

  @AfterEach
  void stop() {
    drill.released.countDown();
    env.close();
  }

  @Test
  void testTheRunbookInOrderAndTheReport() {
    DrillReport r = run().drill(new DrillRequest(inventory()));

    assertThat(r.result()).isEqualTo(DrillResult.PASSED);
    assertThat(r.backupName())
        .isEqualTo(NEWEST); // the latest verified, never the unverified newer one
    assertThat(drill.calls)
        .containsExactly(
            "verifyCopy:" + NEWEST,
            "restoreIntoScratchBucket:s3:drill-scratch",
            "installVelero:d-cp-1:lab1-drill:drill-scratch",
            "awaitBackupSynced:" + NEWEST,
            "backupResourceList",
            "createVeleroRestore:" + NEWEST + "-drill",
            "awaitVeleroRestore:" + NEWEST + "-drill",
            "scratchObjectChecksums",
            "restoreResourceList:" + NEWEST + "-drill",
            "readSentinel:bosun-sentinel/configmap/sentinel",
            "awaitWorkloads:bosun-sentinel",
            "awaitWorkloads:shop",
            "httpProbe:http://web.shop.svc:8080/healthz");
    assertThat(children.calls)
        .containsExactly(
            "init:lab1-drill:bosun:lab1-drill", "destroy:lab1-drill:bosun:lab1-drill:teardown");
    assertThat(r.stepMillis().keySet())
        .containsExactly(
            "validate",
            "pick",
            "verify-copy",
            "scratch-cluster",
            "scratch-bucket",
            "velero-install",
            "backup-sync",
            "restore",
            "objects-unchanged",
            "checks",
            "teardown");
    assertThat(r.checks()).allMatch(CheckResult::passed);
    assertThat(r.checks())
        .extracting(CheckResult::kind)
        .containsExactly(
            "restore-phase",
            "item-counts",
            "sentinel",
            "workloads-ready",
            "workloads-ready",
            "http-probe");
    assertThat(r.teardown()).isEqualTo("torn down (2 VMs destroyed)");
    assertThat(r.figures().rpoMillis().keySet())
        .containsExactlyInAnyOrder("bosun-sentinel", "shop");
    // RPO: the drill began now; the sentinel was written 2 s after the backup's name's time
    long sinceSentinel = System.currentTimeMillis() - (BackupPlan.takenAt(NEWEST) + 2_000);
    assertThat(r.figures().rpoMillis().get("shop"))
        .isBetween(sinceSentinel - 60_000, sinceSentinel + 1_000);
    assertThat(r.figures().rtoMillis().get("shop")).isBetween(0L, r.durationMillis());
    assertThat(DrillText.report(r)).contains("passed").contains("shop: RPO ").contains(", RTO ");
    assertThat(searchAttribute()).isEqualTo("passed");
  }

  @ParameterizedTest(name = "a Restore {0} makes the drill {1}")
  @CsvSource({
    "Completed, passed, ''",
    "PartiallyFailed, failed, Restore " + NEWEST + "-drill PartiallyFailed",
    "Failed, failed, Failed: error downloading backup: NoSuchKey",
    "FailedValidation, failed, FailedValidation: backup not found"
  })
  void testThePhaseRuleDecidesTheRestore(String phase, String result, String reason) {
    drill.restorePhase = phase;
    if (result.equals("passed")) {
      assertThat(run().drill(new DrillRequest(inventory())).result()).isEqualTo(DrillResult.PASSED);
    } else {
      DrillReport r = failedReport(new DrillRequest(inventory()), "DrillFailed");
      assertThat(r.failedStep()).isEqualTo(DrillStep.RESTORE);
      assertThat(r.reason()).contains(reason).contains("VeleroRestore" + phase);
      assertThat(drill.calls).noneMatch(c -> c.startsWith("readSentinel"));
    }
    assertThat(children.calls).anyMatch(c -> c.startsWith("destroy:lab1-drill"));
    assertThat(searchAttribute()).isEqualTo(result);
  }

  @Test
  void testASyncedBackupThatPartiallyFailedFailsUnlessTheInventoryAllowsIt() {
    drill.backupPhase = "PartiallyFailed";

    DrillReport r = failedReport(new DrillRequest(inventory()), "DrillFailed");

    assertThat(r.failedStep()).isEqualTo(DrillStep.BACKUP_SYNC);
    assertThat(r.reason()).contains("set backup.velero.allowPartiallyFailed to accept it");
    assertThat(drill.calls).noneMatch(c -> c.startsWith("createVeleroRestore"));
  }

  @Test
  void testNegativeControlACorruptCopyFailsBeforeAnyClusterIsBuilt() {
    drill.corruptCopy = true;

    DrillReport r = failedReport(new DrillRequest(inventory()), "DrillFailed");

    assertThat(r.failedStep()).isEqualTo(DrillStep.VERIFY_COPY);
    assertThat(r.reason())
        .contains("does not match bosun-verified.json: velero/b.tar.gz md5 differs")
        .contains("OffHostVerifyFailed");
    assertThat(children.calls).isEmpty(); // nothing built, so nothing to tear down
    assertThat(r.teardown()).isEqualTo("not built: nothing to tear down");
    assertThat(DrillText.report(r)).contains("failed at step verify-copy");
    assertThat(searchAttribute()).isEqualTo("failed");
  }

  @Test
  void testNegativeControlAStaleSentinelFailsTheDrillNamingIt() {
    drill.sentinelAge = Duration.ofDays(-10);

    DrillReport r = failedReport(new DrillRequest(inventory()), "DrillFailed");

    assertThat(r.failedStep()).isEqualTo(DrillStep.CHECKS);
    assertThat(r.reason())
        .contains("stale sentinel")
        .contains("written 10d 0h 0m 0s before the backup began");
    assertThat(r.figures()).isNull();
    assertThat(r.checks())
        .filteredOn(c -> !c.passed())
        .extracting(CheckResult::kind)
        .containsExactly("sentinel");
    assertThat(children.calls).anyMatch(c -> c.startsWith("destroy:lab1-drill"));
    assertThat(searchAttribute()).isEqualTo("failed");
  }

  @Test
  void testBackupObjectsThatChangeDuringTheRestoreFailTheDrill() {
    drill.objectsChangeDuringRestore = true;

    DrillReport r = failedReport(new DrillRequest(inventory()), "DrillFailed");

    assertThat(r.failedStep()).isEqualTo(DrillStep.OBJECTS_UNCHANGED);
    assertThat(r.reason()).contains("b.tar.gz changed").contains("ChecksumMismatch");
  }

  @Test
  void testEveryFailedCheckIsNamedAndEveryCheckStillRuns() {
    drill.notReadyNamespace = "shop";
    drill.dropRestoredDeployment = true;
    drill.probeStatus = 503;

    DrillReport r = failedReport(new DrillRequest(inventory()), "DrillFailed");

    assertThat(r.failedStep()).isEqualTo(DrillStep.CHECKS);
    assertThat(r.reason())
        .contains("item-counts")
        .contains("apps/v1/Deployment backed up 1, restored 0")
        .contains("workloads-ready shop: not Ready: Deployment/web 0/2")
        .contains("http-probe http://web.shop.svc:8080/healthz: HTTP 503, expected 200")
        .doesNotContain("v1/Event"); // Velero never restores events: not counted against it
    assertThat(r.checks()).hasSize(6);
  }

  @Test
  void testCancelledMidRestoreTheScratchClusterIsTornDown() throws Exception {
    drill.restoreUntilCancelled = true;
    RestoreDrillWorkflow wf = run();
    WorkflowClient.start(wf::drill, new DrillRequest(inventory()));
    assertThat(drill.restoreStarted.await(30, TimeUnit.SECONDS)).isTrue();

    WorkflowStub stub =
        env.getWorkflowClient().newUntypedWorkflowStub(WorkflowIds.mutation("lab1"));
    stub.cancel();
    awaitClosed(stub);

    assertThatThrownBy(() -> stub.getResult(DrillReport.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    DrillReport r = wf.report();
    assertThat(r.failedStep()).isEqualTo(DrillStep.RESTORE);
    assertThat(r.reason()).isEqualTo("cancelled during restore");
    assertThat(r.teardown()).startsWith("torn down");
    assertThat(children.calls).containsOnlyOnce("destroy:lab1-drill:bosun:lab1-drill:teardown");
    assertThat(searchAttribute()).isEqualTo("failed");
  }

  @Test
  void testAbortedMidRestoreTheScratchClusterIsTornDownAndTheReportSaysSo() throws Exception {
    drill.restoreUntilCancelled = true;
    RestoreDrillWorkflow wf = run();
    WorkflowClient.start(wf::drill, new DrillRequest(inventory()));
    assertThat(drill.restoreStarted.await(30, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> wf.abort(" ")).hasStackTraceContaining("abort needs a reason");
    assertThat(wf.abort("lab power cut")).contains("torn down");

    DrillReport r = failedReport(wf, "DrillAborted");
    assertThat(r.failedStep()).isEqualTo(DrillStep.RESTORE);
    assertThat(r.reason()).isEqualTo("aborted during restore: lab power cut");
    assertThat(children.calls).containsOnlyOnce("destroy:lab1-drill:bosun:lab1-drill:teardown");
    assertThat(drill.calls).noneMatch(c -> c.startsWith("readSentinel"));
  }

  @Test
  void testCancelledWhileTheScratchClusterIsBuiltTheBuildStopsThenTheTeardownRuns()
      throws Exception {
    children.initRunsUntilCancelled = true;
    RestoreDrillWorkflow wf = run();
    WorkflowClient.start(wf::drill, new DrillRequest(inventory()));
    long deadline = System.currentTimeMillis() + 20_000;
    while (children.calls.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    WorkflowStub stub =
        env.getWorkflowClient().newUntypedWorkflowStub(WorkflowIds.mutation("lab1"));
    stub.cancel();
    awaitClosed(stub);

    assertThatThrownBy(() -> stub.getResult(DrillReport.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(children.calls)
        .containsExactly(
            "init:lab1-drill:bosun:lab1-drill",
            "initCancelled",
            "destroy:lab1-drill:bosun:lab1-drill:teardown");
    assertThat(wf.report().failedStep()).isEqualTo(DrillStep.SCRATCH_CLUSTER);
  }

  @Test
  void testAWorkerKilledMidRestoreTimesOutOnItsHeartbeatAndTheRetryPassesWithOneTeardown() {
    drill.stallRestores.set(1);

    DrillReport r = run().drill(new DrillRequest(inventory()));

    assertThat(r.result()).isEqualTo(DrillResult.PASSED);
    assertThat(drill.calls).filteredOn(c -> c.startsWith("awaitVeleroRestore")).hasSize(2);
    assertThat(children.calls).containsOnlyOnce("destroy:lab1-drill:bosun:lab1-drill:teardown");
  }

  @Test
  void testAFailedScratchBuildIsStillTornDown() {
    children.initFails = true;

    DrillReport r = failedReport(new DrillRequest(inventory()), "DrillFailed");

    assertThat(r.failedStep()).isEqualTo(DrillStep.SCRATCH_CLUSTER);
    assertThat(children.calls).contains("destroy:lab1-drill:bosun:lab1-drill:teardown");
    assertThat(drill.calls).containsExactly("verifyCopy:" + NEWEST);
  }

  @Test
  void testALeakedScratchClusterFailsAnOtherwisePassedDrill() {
    children.leak = true;

    DrillReport r = failedReport(new DrillRequest(inventory()), "DrillFailed");

    assertThat(r.failedStep()).isEqualTo(DrillStep.TEARDOWN);
    assertThat(r.reason()).contains("LEAKED: [lab1-drill-d-cp-1]").contains("ScratchLeaked");
    assertThat(r.checks()).allMatch(CheckResult::passed);
  }

  @Test
  void testANamedBackupIsDrilledAndAnUnverifiedOneRefused() {
    assertThat(run().drill(new DrillRequest(inventory(), OLD, null)).backupName())
        .isEqualTo(OLD);

    DrillReport r = failedReport(new DrillRequest(inventory(), UNVERIFIED, null), "DrillFailed");
    assertThat(r.failedStep()).isEqualTo(DrillStep.PICK);
    assertThat(r.reason())
        .contains("--backup " + UNVERIFIED + ": its off-host copy never verified");
  }

  @Test
  void testBadSettingsFailBeforeAnySideEffect() {
    Inventory inv = inventory();
    Inventory noDrill = new Inventory(
        inv.cluster(),
        inv.kubernetes(),
        inv.ssh(),
        inv.hypervisor(),
        inv.nodes(),
        inv.upgrade(),
        inv.backup(),
        null);

    DrillReport r = failedReport(new DrillRequest(noDrill), "DrillFailed");

    assertThat(r.failedStep()).isEqualTo(DrillStep.VALIDATE);
    assertThat(r.reason())
        .contains("drill: the inventory needs a drill section with scratch and velero");
    assertThat(backup.calls).isEmpty();
    assertThat(drill.calls).isEmpty();
    assertThat(children.calls).isEmpty();
  }

  // ---- helpers ----

  private DrillReport failedReport(DrillRequest request, String type) {
    RestoreDrillWorkflow wf = run();
    WorkflowClient.start(wf::drill, request);
    return failedReport(wf, type);
  }

  private DrillReport failedReport(RestoreDrillWorkflow wf, String type) {
    WorkflowStub stub = WorkflowStub.fromTyped(wf);
    return SagaEndings.failedReport(
        () -> stub.getResult(DrillReport.class), type, DrillReport.class);
  }

  private RestoreDrillWorkflow run() {
    return env.getWorkflowClient()
        .newWorkflowStub(
            RestoreDrillWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
  }

  private String searchAttribute() {
    return SagaEndings.searchAttribute(env, BosunSearchAttributes.DRILL_RESULT);
  }

  public static Inventory inventory() {
    Inventory base = TestClusters.inventory(new FakeCluster("v1.30.6", 1, 2));
    HypervisorSpec hv = new HypervisorSpec(
        HypervisorSpec.VAGRANT, "local", "libvirt", "/labs/drill", null, null, null, null);
    VmSpec vm = new VmSpec(null, "debian/bookworm64", 2, 4096, 20, VmSpec.AMD64);
    DrillSpec drill = new DrillSpec(
        "0 3 * * SUN",
        List.of(new DrillSpec.DrillCheck(
            "http-probe", null, null, "200", "http://web.shop.svc:8080/healthz")),
        new DrillSpec.ScratchSpec(
            "10.0.9.10:6443",
            hv,
            List.of(
                new NodeSpec("d-cp-1", NodeRole.CONTROL_PLANE, "10.0.9.11", null, vm),
                new NodeSpec("d-w-1", NodeRole.WORKER, "10.0.9.21", null, vm))),
        new DrillSpec.DrillVeleroSpec(
            "velero/velero-plugin-for-aws:v1.14.3",
            "/etc/bosun/drill-s3-credentials",
            "s3:drill-scratch",
            "drill-scratch",
            "us-east-1",
            "http://10.0.9.1:9000"));
    return new Inventory(
        base.cluster(),
        base.kubernetes(),
        base.ssh(),
        base.hypervisor(),
        base.nodes(),
        base.upgrade(),
        new BackupSpec(
            new BackupSpec.VeleroSpec(
                "velero", "default", List.of("shop"), List.of(), Map.of(), null, false, null),
            new BackupSpec.OffHostSpec(
                "rclone",
                "s3:velero",
                "nas:lab1",
                null,
                2,
                0,
                "/etc/bosun/rclone.conf",
                "/var/tmp/bosun"),
            true),
        drill,
        Map.of(),
        null);
  }

  /**
   * Waits for the drill to close without letting the test server skip time: getResult at once could skip to a
   * timeout before the cancel was handled (seen under load).
   */
  private static void awaitClosed(WorkflowStub stub) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (stub.describe().getStatus()
            == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
  }
}
