package dev.bosun.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** bosun demo, as an operator runs it: the real upgrade, the report, and the lab's own check. */
@Execution(ExecutionMode.CONCURRENT) // waits on simulated hosts; overlaps with the other lab tests
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class DemoTest {

  @TempDir
  Path tmp;

  @Test
  void testDefaultDemoUpgradesEveryNode() {
    // the default lab (3 + 5 at v1.30.6, latest v1.31 patch); only the simulated latencies are
    // shorter, for the suite's time
    Cli.Result r = Cli.run(
        "demo",
        "--plain",
        "--command-latency",
        "0",
        "--not-ready",
        "500ms",
        "--dir",
        tmp.toString());

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(r.out())
        .contains(
            "This is a simulated lab (lab-sim): 8 hosts on 127.0.x.y speaking real SSH, a simulated Kubernetes API; no VM is touched.",
            "Upgrade demo v1.30.6 → v1.31.",
            ": Completed",
            "lab check: 8/8 nodes run v1.31.",
            "; none cordoned",
            "demo took ");
  }

  @Test
  void testFailedKubeletRestartRetriedAfterTheFaultIsCleared() {
    Cli.Result r = Cli.run(
        "demo",
        "--plain",
        "--nodes",
        "1+3",
        "--fail-node",
        "w-3",
        "--fail-step",
        "kubelet-restart",
        "--auto-resolve",
        "retry",
        "--command-latency",
        "0",
        "--not-ready",
        "500ms",
        "--dir",
        tmp.toString());

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(r.out())
        .contains(
            "fault: 'systemctl restart kubelet' fails on w-3",
            "w-3 failed at kubelet-restart (attempt 1)",
            "bosun retry w-3 --cluster demo --address ",
            "auto-resolve: fault cleared on w-3",
            "retrying w-3 from step kubelet-restart (attempt 2)",
            "lab check: 4/4 nodes run v1.31.",
            "; none cordoned");
  }

  @Test
  void testAbortLeavesTheFailedWorkerAtItsVersionAndNobodyCordoned() {
    Cli.Result r = Cli.run(
        "demo",
        "--plain",
        "--nodes",
        "1+3",
        "--fail-node",
        "w-3",
        "--fail-step",
        "kubelet-restart",
        "--auto-resolve",
        "abort",
        "--command-latency",
        "0",
        "--not-ready",
        "500ms",
        "--dir",
        tmp.toString());

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out())
        .contains("auto-resolve: the fault stays", ": Aborted", "w-3=v1.30.6", "; none cordoned");
  }
}
