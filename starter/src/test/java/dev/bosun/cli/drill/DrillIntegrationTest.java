package dev.bosun.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.activities.hypervisor.VagrantCommands;
import dev.bosun.cli.command.DrillLab;
import dev.bosun.cli.demo.DrillLabInventory;
import dev.bosun.cli.inventory.InventoryLoader;
import dev.bosun.cli.inventory.InventoryResult;
import dev.bosun.cli.operation.BackupOperation;
import dev.bosun.cli.operation.DrillOperation;
import dev.bosun.cli.operation.InProcessWorker;
import dev.bosun.cli.operation.OperationRunner;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.sim.HypervisorHosts;
import dev.bosun.worker.temporal.TemporalSettings;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.drill.DrillPlan;
import dev.bosun.workflows.drill.DrillRequest;
import dev.bosun.workflows.model.Inventory;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Backup then restore drill end to end on real parts, through the commands' own code paths: a lab-sim lab on the real
 * backend (a real kube-apiserver with kwok nodes) with the real Velero server backing up into s3proxy; the real rclone
 * copying the bucket into a local "NAS" folder; then the drill: a child ClusterInit on lab-sim's Vagrant host beside
 * the lab (its scratch control plane a second real one), {@code velero install} through lab-sim's velero program
 * (the test bed's real CLI and server), the copy restored into a scratch bucket, a Restore, the checks. A passed drill
 * with RPO and RTO; a corrupted copy fails naming it; the scratch cluster gone after both. Skips, with the reason,
 * where the test bed, its Velero, s3proxy or rclone is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(
    ExecutionMode
        .CONCURRENT) // waits on Velero and the scratch cluster; overlaps with the other lab tests
@Timeout(value = 420, unit = TimeUnit.SECONDS)
// DrillDemoTest refuses tools on the worker (a JVM-wide property) while it runs;
// DrillIntegrationTest runs them
@ResourceLock("bosun.offHost.refuseLocalTools")
class DrillIntegrationTest {

  private static final String CLUSTER = "drillit";

  @TempDir
  static Path dir;

  private DrillLab drillLab;
  private Inventory inventory;

  @BeforeAll
  void start() throws IOException {
    String missing = DrillLab.unavailableReason();
    Assumptions.assumeTrue(missing == null, missing);
    drillLab = DrillLab.start(dir, CLUSTER, 1, "v1.30.6");
    inventory = inventory(drillLab.inventory());
  }

  @AfterAll
  void stop() {
    if (drillLab != null) {
      drillLab.close();
    }
  }

  @Test
  void testBackupThenDrillPassesWithRpoAndRtoThenACorruptCopyFailsNamingIt() throws Exception {
    StringWriter out = new StringWriter();
    TemporalSettings settings =
        new TemporalSettings(null, "default", "bosun", null, null, null, null);
    try (TemporalSession session = TemporalSession.open(settings, Map.of(), true);
        InProcessWorker worker = InProcessWorker.start(session)) {
      int backedUp = runner(out)
          .startAndFollow(
              session,
              new BackupOperation(inventory, BackupPlan.of(inventory, System.currentTimeMillis())));
      assertThat(backedUp).as(out.toString()).isZero();

      int passed = drill(session, out);
      String report = out.toString();
      System.out.println(report);
      assertThat(passed).as(report).isZero();
      assertThat(report).contains(": passed", "RPO ", "RTO ", "check passed");
      // the Deployment came back with its pods, run by the scratch cluster's real scheduler and
      // kwok nodes
      assertThat(report)
          .contains("check passed workloads-ready shop: 1 workloads Ready", "apps/v1/Deployment=1");
      assertScratchGone();
      assertNoCredentialInTheHistories(session);

      // bit rot in the NAS copy after it verified: one byte of Velero's tarball inverted
      Path tarball;
      try (Stream<Path> files = Files.walk(drillLab.nas())) {
        tarball =
            files.filter(p -> p.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(tarball);
      bytes[bytes.length / 2] ^= (byte) 0xff;
      Files.write(tarball, bytes);
      StringWriter second = new StringWriter();

      int failed = drill(session, second);
      String failure = second.toString();
      System.out.println(failure);
      assertThat(failed).as(failure).isEqualTo(1);
      assertThat(failure)
          .contains(
              "failed at step verify-copy",
              "no longer matches",
              tarball.getFileName().toString());
      assertScratchGone();
    }
  }

  /**
   * The drill streamed the S3 credentials file to the scratch control plane: neither key is in the drill's history
   * nor in its children's (the scratch cluster's init and teardown).
   */
  private void assertNoCredentialInTheHistories(TemporalSession session) {
    String credentials;
    try {
      credentials = Files.readString(Path.of(inventory.drill().velero().credentialsFile()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    // every value of the file the drill streams to the node (aws_access_key_id=…,
    // aws_secret_access_key=…)
    List<String> keys = credentials
        .lines()
        .filter(l -> l.contains("="))
        .map(l -> l.substring(l.indexOf('=') + 1).strip())
        .filter(v -> v.length() >= 8)
        .toList();
    assertThat(keys).hasSize(2);
    for (String id : List.of(
        WorkflowIds.mutation(CLUSTER),
        WorkflowIds.mutation(CLUSTER + "-drill"),
        WorkflowIds.scratchTeardown(CLUSTER + "-drill"))) {
      String history = session
          .client()
          .getWorkflowServiceStubs()
          .blockingStub()
          .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace("default")
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id).build())
              .build())
          .getHistory()
          .toString();
      assertThat(history).as(id).isNotEmpty();
      for (String key : keys) {
        assertThat(history).as(id).doesNotContain(key);
      }
    }
  }

  private int drill(TemporalSession session, StringWriter out) {
    DrillRequest request = new DrillRequest(inventory, null, null);
    return runner(out)
        .startAndFollow(
            session,
            new DrillOperation(
                request, DrillPlan.of(inventory, request, System.currentTimeMillis())));
  }

  private static OperationRunner runner(StringWriter out) {
    PrintWriter w = new PrintWriter(out, true);
    return new OperationRunner(w, w, true, true, OutputFormat.TEXT);
  }

  /** No scratch VM on the Vagrant host, no scratch host answering, no Velero server on the scratch control plane. */
  private void assertScratchGone() throws InterruptedException {
    var status = drillLab
        .scratch()
        .run(HypervisorHosts.VAGRANT, VagrantCommands.status(drillLab.scratchProject()));
    assertThat(status.stdout()).doesNotContain(CLUSTER + "-drill-");
    assertThat(drillLab.scratch().hosts())
        .noneMatch(h -> h.address().startsWith(DrillLabInventory.SCRATCH_ADDRESS_PREFIX));
    String scratchDir = dir.resolve("scratch").toString();
    assertThat(ProcessHandle.allProcesses()
            .map(p -> p.info().commandLine().orElse(""))
            .filter(c -> c.contains(" server") && c.contains(scratchDir))
            .toList())
        .as("Velero servers left on the scratch control plane")
        .isEmpty();
  }

  private static Inventory inventory(Path file) {
    InventoryResult r = new InventoryLoader().load(file);
    assertThat(r.valid()).as(r.renderedErrors().toString()).isTrue();
    return r.inventory();
  }
}
