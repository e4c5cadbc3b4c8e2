package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The operator's commands against a server (--address), with a worker elsewhere: a start that stops for
 * an operator (exit 5), the per-cluster lock (exit 4), updates accepted and rejected with the workflow's
 * reason (exit 2), and watch to the end.
 */
@Execution(ExecutionMode.CONCURRENT) // waits on simulated hosts; overlaps with the other lab tests
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class OperatorFlowTest {

  @TempDir
  Path tmp;

  @Test
  void testFailedNodeWaitsBusyClusterRejectedAndAcceptedUpdatesThenWatchToTheEnd()
      throws Exception {
    try (LabServer s = LabServer.start(tmp.resolve("retry"), "lab1", 1, 2)) {
      s.lab
          .faults()
          .failRun("w-1", "systemctl restart kubelet", 0, 1, "Job for kubelet.service failed");
      String[] at = {"--address", s.address()};

      Cli.Result start = Cli.run("upgrade", "-i", s.inventory(), "--to", "v1.31.2", at[0], at[1]);
      assertThat(start.exit()).as(start.toString()).isEqualTo(5);
      assertThat(start.out())
          .contains(
              "w-1 failed at kubelet-restart (attempt 1)",
              "Job for kubelet.service failed",
              "bosun retry w-1 --cluster lab1 --address " + s.address(),
              "bosun abort --cluster lab1 --address " + s.address());

      Cli.Result busy = Cli.run("upgrade", "-i", s.inventory(), "--to", "v1.31.2", at[0], at[1]);
      assertThat(busy.exit()).as(busy.toString()).isEqualTo(4);
      assertThat(busy.err())
          .contains(
              "cluster lab1 is busy: RollingUpgrade bosun:lab1 (run ",
              "\"Upgrade lab1 v1.30.6 → v1.31.2 (1 control plane, 2 workers)\"",
              ", started 20");

      Cli.Result busyDrain = Cli.run("drain", "-i", s.inventory(), "cp-1", at[0], at[1]);
      assertThat(busyDrain.exit()).isEqualTo(4);

      Cli.Result wrongNode = Cli.run("retry", "cp-1", "--cluster", "lab1", at[0], at[1]);
      assertThat(wrongNode.exit()).isEqualTo(2);
      assertThat(wrongNode.err())
          .contains(
              "rejected by bosun:lab1: retry: cp-1 is not waiting for an operator (it is upgraded)");

      Cli.Result notPaused = Cli.run("resume", "bosun:lab1", at[0], at[1]);
      assertThat(notPaused.exit()).isEqualTo(2);
      assertThat(notPaused.err()).contains("resume: the upgrade is not paused");

      Cli.Result noGate = Cli.run("approve", "--cluster", "lab1", at[0], at[1]);
      assertThat(noGate.exit()).isEqualTo(2);
      assertThat(noGate.err()).contains("approve: no approval gate is open");

      Cli.Result pause =
          Cli.run("pause", "--cluster", "lab1", "--reason", "checking w-1", at[0], at[1]);
      assertThat(pause.exit()).as(pause.toString()).isEqualTo(0);
      assertThat(pause.out()).contains("bosun:lab1: paused");
      Cli.Result pausedTwice = Cli.run("pause", "--cluster", "lab1", at[0], at[1]);
      assertThat(pausedTwice.exit()).isEqualTo(2);
      assertThat(pausedTwice.err()).contains("already paused (checking w-1)");
      assertThat(Cli.run("resume", "--cluster", "lab1", at[0], at[1]).exit()).isEqualTo(0);

      s.lab.faults().clear();
      Cli.Result retry =
          Cli.run("retry", "w-1", "--cluster", "lab1", "--output", "json", at[0], at[1]);
      assertThat(retry.exit()).as(retry.toString()).isEqualTo(0);
      assertThat(retry.out())
          .contains("\"accepted\" : true", "retrying w-1 from step kubelet-restart (attempt 2)");

      Cli.Result watch = Cli.run("watch", "bosun:lab1", "--plain", at[0], at[1]);
      assertThat(watch.exit()).as(watch.toString()).isEqualTo(0);
      assertThat(watch.out()).contains("Upgrade lab1 v1.30.6 → v1.31.2: Completed");
      assertThat(s.versions()).containsExactly("cp-1=v1.31.2", "w-1=v1.31.2", "w-2=v1.31.2");
      assertThat(s.cordoned()).isEmpty();

      Cli.Result ended =
          Cli.run("abort", "--cluster", "lab1", "--reason", "too late", at[0], at[1]);
      assertThat(ended.exit()).as(ended.toString()).isEqualTo(2);
    }
  }

  @Test
  void testSkippedNodeIsRolledBackUncordonedAndTheRunEndsFailed() throws Exception {
    try (LabServer s = LabServer.start(tmp.resolve("skip"), "lab1", 1, 2)) {
      s.lab
          .faults()
          .failRun("w-1", "systemctl restart kubelet", 0, 1, "Job for kubelet.service failed");
      String[] at = {"--address", s.address()};

      assertThat(Cli.run("upgrade", "-i", s.inventory(), "--to", "v1.31.2", at[0], at[1])
              .exit())
          .isEqualTo(5);
      s.lab
          .faults()
          .clear(); // the host is fixed; the compensation can restart its kubelet on the old
      // packages
      Cli.Result skip = Cli.run("skip", "w-1", "bosun:lab1", at[0], at[1]);
      assertThat(skip.exit()).as(skip.toString()).isEqualTo(0);
      assertThat(skip.out()).contains("skipping w-1: compensating it and carrying on");

      Cli.Result watch =
          Cli.run("watch", "--cluster", "lab1", "--plain", "--output", "json", at[0], at[1]);
      assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
      assertThat(watch.out())
          .contains(
              "\"outcome\" : \"Failed\"", "\"status\" : \"rolled-back\"", "uncordoned w-1: ok");
      assertThat(s.versions()).containsExactly("cp-1=v1.31.2", "w-1=v1.30.6", "w-2=v1.31.2");
      assertThat(s.cordoned()).isEmpty();
    }
  }

  @Test
  void testApprovalGateStopsAQuietStartAndApproveLetsItFinish() throws Exception {
    try (LabServer s = LabServer.start(tmp.resolve("approve"), "lab1", 1, 2)) {
      String[] at = {"--address", s.address()};

      Cli.Result start = Cli.run(
          "upgrade",
          "-i",
          s.inventory(),
          "--to",
          "v1.31.2",
          "--approval",
          "before-workers",
          at[0],
          at[1]);
      assertThat(start.exit()).as(start.toString()).isEqualTo(5);
      assertThat(start.out())
          .contains(
              "approval gate before-workers is open",
              "bosun approve --cluster lab1 --address " + s.address());

      Cli.Result approve = Cli.run(
          "approve", "--cluster", "lab1", "--note", "control planes look fine", at[0], at[1]);
      assertThat(approve.exit()).as(approve.toString()).isEqualTo(0);
      assertThat(approve.out()).contains("approved before-workers: control planes look fine");

      assertThat(Cli.run("watch", "bosun:lab1", "--plain", at[0], at[1]).exit()).isEqualTo(0);
      assertThat(s.versions()).containsExactly("cp-1=v1.31.2", "w-1=v1.31.2", "w-2=v1.31.2");
    }
  }

  @Test
  void testOperatorCommandsNeedAServerAndOneTarget() {
    Cli.Result noServer = Cli.run("retry", "w-1", "--cluster", "lab1");
    assertThat(noServer.exit()).isEqualTo(2);
    assertThat(noServer.err()).contains("give --address or TEMPORAL_ADDRESS");

    Cli.Result noTarget = Cli.run("abort", "--reason", "x", "--address", "127.0.0.1:1");
    assertThat(noTarget.exit()).isEqualTo(2);
    assertThat(noTarget.err()).contains("--cluster CLUSTER or its workflow ID");
  }

  @Test
  void testStatusOnTheEmbeddedServerSaysItHasNoVisibility() {
    Cli.Result r = Cli.run("status", "--cluster", "lab1");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "the embedded Temporal has no visibility queries",
            "temporal-dev/start",
            "--address 127.0.0.1:7233");
  }
}
