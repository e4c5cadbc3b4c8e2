package dev.bosun.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import dev.bosun.cli.e2e.DevServer;
import dev.bosun.cli.operation.InProcessWorker;
import dev.bosun.cli.operation.Mutation;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.worker.temporal.TemporalConnection;
import dev.bosun.worker.temporal.TemporalSettings;
import dev.bosun.workflows.BosunSearchAttributes;
import dev.bosun.workflows.backup.BackupRequest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * bosun schedule on a real Temporal dev server (temporal-dev/start), one per class. Each test has its own cluster
 * and task queue; where no worker polls the queue, a triggered run stays running, as a long backup would.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Execution(
    ExecutionMode
        .CONCURRENT) // waits on the dev server; overlaps with the other tests (own clusters,
// queues)
class ScheduleDevServerTest {

  static DevServer server;
  static Path state;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startDevServer() throws Exception {
    if (DevServer.temporalCli().isEmpty()) {
      return; // each test then reports itself skipped, with the reason
    }
    state = Files.createTempDirectory("bosun-schedule-devserver");
    server = DevServer.start(state);
  }

  @AfterAll
  static void stopDevServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void needsTheCli() {
    Assumptions.assumeTrue(
        server != null,
        "temporal CLI not found: not on PATH nor in ~/go/bin (temporal-dev/install builds it)");
  }

  static Cli.Result bosun(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--address", server.address()));
    return Cli.run(all);
  }

  static Cli.Result ok(String... args) {
    Cli.Result r = bosun(args);
    assertThat(r.exit()).as(r.toString()).isZero();
    return r;
  }

  /** bosun schedule create backup -i inv --cron cron --task-queue queue [extra…] */
  static void create(String inv, String queue, String cron, String... extra) {
    List<String> args = new java.util.ArrayList<>(
        List.of("schedule", "create", "backup", "-i", inv, "--cron", cron, "--task-queue", queue));
    args.addAll(List.of(extra));
    ok(args.toArray(String[]::new));
  }

  static TemporalSession session(String queue) {
    return TemporalSession.open(
        new TemporalSettings(server.address(), "default", queue, null, null, null, null),
        Map.of(),
        false);
  }

  static ScheduleDescription describe(TemporalSession s, String id) {
    return TemporalConnection.scheduleClient(s.stubs(), s.settings())
        .getHandle(id)
        .describe();
  }

  static List<String> runIds(ScheduleDescription d) {
    return d.getInfo().getRecentActions().stream()
        .map(a -> ((ScheduleActionExecutionStartWorkflow) a.getAction()).getWorkflowId())
        .toList();
  }

  /** Waits until {@code bosun schedule list --cluster} shows {@code row} (the server's list is updated a moment later). */
  static void awaitListed(String cluster, String... row) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(ok("schedule", "list", "--cluster", cluster).out()).contains(row));
  }

  /** The workflow ID of the schedule's {@code n}th run (from 1), once the schedule has started it. */
  static String run(TemporalSession s, String scheduleId, int n) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> runIds(describe(s, scheduleId)), ids -> ids.size() == n)
        .get(n - 1);
  }

  @Test
  void testCreateListDescribeTriggerAndTheRunIsBosunBackupsOwn() throws Exception {
    String inv = ScheduleInventory.write(tmp, "sched-a");
    String queue = "bosun-schedule-a"; // nobody polls it: the run stays running
    create(inv, queue, "0 3 * * SUN", "--timezone", "Europe/Paris", "--jitter", "10m");

    awaitListed("sched-a", "bosun:sched-a:backup", "OffHostBackup", "active");
    assertThat(ok("schedule", "describe", "bosun:sched-a:backup").out())
        .contains(
            "Workflow: OffHostBackup bosun:sched-a-<fire time>, task queue bosun-schedule-a",
            "Cron:     0 3 * * SUN in Europe/Paris",
            "Jitter:   10m",
            "Overlap:  skip",
            "Runs:     0 started");

    ok("schedule", "trigger", "bosun:sched-a:backup");

    try (TemporalSession s = session(queue)) {
      String runId = run(s, "bosun:sched-a:backup", 1);
      assertThat(runId).startsWith("bosun:sched-a-");
      WorkflowExecutionDescription run =
          s.client().newUntypedWorkflowStub(runId).describe();
      assertThat(run.getWorkflowType()).isEqualTo("OffHostBackup");
      assertThat(run.getTaskQueue()).isEqualTo(queue);
      assertThat(run.getStaticSummary()).isEqualTo("Backup sched-a off-host with rclone");
      assertThat(run.getTypedSearchAttributes().get(BosunSearchAttributes.CLUSTER))
          .isEqualTo("sched-a");
      assertThat(run.getTypedSearchAttributes().get(BosunSearchAttributes.OPERATION))
          .isEqualTo("backup");
      HistoryEvent started = s.client().fetchHistory(runId).getEvents().get(0);
      BackupRequest input = s.client()
          .getOptions()
          .getDataConverter()
          .fromPayloads(
              0,
              java.util.Optional.of(
                  started.getWorkflowExecutionStartedEventAttributes().getInput()),
              BackupRequest.class,
              BackupRequest.class);
      assertThat(input.inventory().cluster()).isEqualTo("sched-a");
      assertThat(input.inventory().backup().offHost().destination())
          .isEqualTo("nas:sched-a-velero");

      // the schedule's own overlap: a second trigger while the first run runs is skipped
      ok("schedule", "trigger", "bosun:sched-a:backup");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(
                  describe(s, "bosun:sched-a:backup").getInfo().getNumActionsSkippedOverlap())
              .isEqualTo(1));
      assertThat(ok("schedule", "describe", "bosun:sched-a:backup").out())
          .contains("Runs:     1 started, 1 skipped (overlap)", "Running:  " + runId);

      // the other direction of the cluster lock: no command starts while a scheduled run runs
      Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Cli.Result busy = bosun("backup", "-i", inv, "--task-queue", queue);
        assertThat(busy.exit()).as(busy.toString()).isEqualTo(4);
        assertThat(busy.err()).contains("cluster sched-a is busy: OffHostBackup " + runId);
      });
      s.client().newUntypedWorkflowStub(runId).terminate("test done");
    }
  }

  @Test
  void testADrillScheduleIsCreatedAndListedWithTheRestoreDrillType() throws Exception {
    String inv = ScheduleInventory.write(tmp, "sched-f");
    ok(
        "schedule",
        "create",
        "drill",
        "-i",
        inv,
        "--cron",
        "0 5 * * SUN",
        "--task-queue",
        "bosun-schedule-f");

    awaitListed("sched-f", "bosun:sched-f:drill", "RestoreDrill", "active");
    assertThat(ok("schedule", "describe", "bosun:sched-f:drill").out())
        .contains("Workflow: RestoreDrill bosun:sched-f-<fire time>", "Cron:     0 5 * * SUN");
  }

  @Test
  void testPauseAndUnpause() throws Exception {
    String inv = ScheduleInventory.write(tmp, "sched-b");
    create(inv, "bosun-schedule-b", "30 2 * * *", "--overlap", "buffer-one");

    ok("schedule", "pause", "bosun:sched-b:backup", "--note", "NAS swap");

    assertThat(ok("schedule", "describe", "bosun:sched-b:backup").out())
        .contains("State:    paused — NAS swap", "Overlap:  buffer-one");
    ok("schedule", "unpause", "bosun:sched-b:backup");
    assertThat(ok("schedule", "describe", "bosun:sched-b:backup").out())
        .contains("State:    active");
  }

  @Test
  void testBackfillRunsThePastFireTimeUnderItsOwnTime() throws Exception {
    String inv = ScheduleInventory.write(tmp, "sched-c");
    String queue = "bosun-schedule-c";
    create(inv, queue, "0 3 * * *");

    ok(
        "schedule",
        "backfill",
        "bosun:sched-c:backup",
        "--from",
        "2026-11-01T00:00:00Z",
        "--to",
        "2026-11-01T12:00:00Z");

    try (TemporalSession s = session(queue)) {
      String runId = run(s, "bosun:sched-c:backup", 1);
      assertThat(runId).isEqualTo("bosun:sched-c-2026-11-01T03:00:00Z");
      s.client().newUntypedWorkflowStub(runId).terminate("test done");
    }
  }

  @Test
  void testDeleteThenTheScheduleIsUnknown() throws Exception {
    String inv = ScheduleInventory.write(tmp, "sched-d");
    create(inv, "bosun-schedule-d", "0 3 1 * *");
    Cli.Result again = bosun("schedule", "create", "backup", "-i", inv, "--cron", "0 3 1 * *");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("schedule bosun:sched-d:backup exists already");

    ok("schedule", "delete", "bosun:sched-d:backup");

    Cli.Result gone = bosun("schedule", "describe", "bosun:sched-d:backup");
    assertThat(gone.exit()).isEqualTo(2);
    assertThat(gone.err())
        .contains("no schedule bosun:sched-d:backup on the server at " + server.address());
  }

  /**
   * A scheduled backup that fires while an upgrade holds bosun:&lt;cluster&gt; reaches the worker and fails at
   * validate, cluster busy, before any side effect; status shows it as the last backup.
   */
  @Test
  void testAScheduledBackupDuringAnUpgradeFailsClusterBusyAndStatusShowsIt() throws Exception {
    String inv = ScheduleInventory.write(tmp, "sched-e");
    String queue = "bosun-schedule-e";
    assertThat(ok("status", "-i", inv).out())
        .contains("last backup: none yet", "last drill:  none yet");
    try (TemporalSession s = session(queue);
        InProcessWorker worker = InProcessWorker.start(s)) {
      // the "upgrade" runs on a queue nobody polls: it holds the lock ID and stays in preflight
      Mutation upgrade = new Mutation(
          "sched-e",
          "RollingUpgrade",
          "upgrade",
          "Upgrade sched-e v1.30.6 → v1.31.2",
          "test",
          "v1.31.2",
          2);
      upgrade.start(s.client(), "bosun-schedule-e-nobody", "no worker reads this");
      try {
        create(inv, queue, "0 3 * * SUN");
        ok("schedule", "trigger", "bosun:sched-e:backup");

        String runId = run(s, "bosun:sched-e:backup", 1);
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(
                    s.client().newUntypedWorkflowStub(runId).describe().getStatus())
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED));
        String history = s.client().fetchHistory(runId).toJson(false);
        assertThat(history)
            .contains(
                "backup failed at validate: cluster sched-e is busy: RollingUpgrade bosun:sched-e")
            .doesNotContain("writeSentinel");
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(ok("status", "-i", inv).out())
                .contains("last backup: " + runId + " failed (started ")
                .contains("last drill:  none yet"));

        // once the upgrade has ended, the next scheduled run finds the lock free and goes on to the
        // sentinel
        s.client().newUntypedWorkflowStub(upgrade.workflowId()).terminate("upgrade done");
        ok("schedule", "trigger", "bosun:sched-e:backup");
        String next = run(s, "bosun:sched-e:backup", 2);
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(s.client().fetchHistory(next).toJson(false))
                .contains("\"RunningOperation\"", "\"WriteSentinel\""));
        s.client().newUntypedWorkflowStub(next).terminate("test done");
      } finally {
        try {
          s.client().newUntypedWorkflowStub(upgrade.workflowId()).terminate("test done");
        } catch (io.temporal.client.WorkflowNotFoundException e) {
          // ended above
        }
      }
    }
  }
}
