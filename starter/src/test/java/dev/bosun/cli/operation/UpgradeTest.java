package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.cli.Cli;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** bosun upgrade / drain / uncordon with no address: embedded Temporal and worker, against lab-sim over real SSH. */
@Execution(ExecutionMode.CONCURRENT) // waits on simulated hosts; overlaps with the other lab tests
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class UpgradeTest {

  @TempDir
  Path tmp;

  @Test
  void testEmbeddedUpgradeWithPlainWatchPutsEveryNodeAtTheTargetAndPrintsTheJsonReport()
      throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 1, 2, "v1.30.6", tmp))) {
      Cli.Result r = Cli.run(
          "upgrade",
          "-i",
          lab.inventoryFile().toString(),
          "--to",
          "v1.31.2",
          "--watch",
          "--plain",
          "--output",
          "json");

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(r.err())
          .contains(
              OperationRunner.EMBEDDED_NOTE,
              "started RollingUpgrade bosun:lab1",
              "Upgrade lab1 v1.30.6 → v1.31.2 (1 control plane, 2 workers)",
              "phase ControlPlanes",
              "w-2 running → upgraded");
      assertThat(r.err()).containsPattern("\\d\\d:\\d\\d:\\d\\d w-1 \\S+ → \\S+");
      JsonNode report = new ObjectMapper().readTree(r.out());
      assertThat(report.get("outcome").asText()).isEqualTo("Completed");
      assertThat(report.get("nodes")).hasSize(3);
      report.get("nodes").forEach(n -> assertThat(n.get("version").asText()).isEqualTo("v1.31.2"));
      for (String n : new String[] {"cp-1", "w-1", "w-2"}) {
        assertThat(lab.state().nodeKubeletVersion(n)).isEqualTo("v1.31.2");
        assertThat(lab.state().nodeUnschedulable(n)).as(n + " cordoned").isFalse();
      }
    }
  }

  /** A window that opens in 12 hours would hold the run (the test's timeout is 10 minutes): --ignore-window does not. */
  @Test
  void testIgnoreWindowUpgradesOutsideTheMaintenanceWindow() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 1, 2, "v1.30.6", tmp))) {
      java.time.LocalTime opens = java.time.LocalTime.now(java.time.ZoneOffset.UTC)
          .plusHours(12)
          .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      String window = "window: { start: \"" + opens + "\", end: \"" + opens.plusHours(1)
          + "\", timeZone: UTC }";
      java.nio.file.Path file = lab.inventoryFile();
      String text = java.nio.file.Files.readString(file);
      assertThat(text).contains("onNodeFailure: wait-for-operator }");
      java.nio.file.Files.writeString(
          file,
          text.replace(
              "onNodeFailure: wait-for-operator }",
              "onNodeFailure: wait-for-operator, " + window + " }"));

      Cli.Result plan = Cli.run("plan", "-i", file.toString(), "--to", "v1.31.2");
      assertThat(plan.out())
          .contains(
              "every day " + opens + "–" + opens.plusHours(1) + " UTC",
              "closed now: an upgrade started now would be waiting for window (opens ");

      Cli.Result r = Cli.run(
          "upgrade", "-i", file.toString(), "--to", "v1.31.2", "--ignore-window", "--plain");
      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(r.err()).doesNotContain("WaitingForWindow");
      for (String n : new String[] {"cp-1", "w-1", "w-2"}) {
        assertThat(lab.state().nodeKubeletVersion(n)).isEqualTo("v1.31.2");
      }
    }
  }

  @Test
  void testDrainLeavesTheNodeCordonedAndUncordonUndoesIt() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 1, 2, "v1.30.6", tmp))) {
      Cli.Result drain = Cli.run(
          "drain", "-i", lab.inventoryFile().toString(), "w-1", "--timeout", "1m", "--plain");

      assertThat(drain.exit()).as(drain.toString()).isEqualTo(0);
      assertThat(drain.out())
          .contains("Drain w-1: drained", "pod(s) evicted", "bosun uncordon -i <inventory> w-1");
      assertThat(lab.state().nodeUnschedulable("w-1")).isTrue();

      Cli.Result uncordon = Cli.run("uncordon", "-i", lab.inventoryFile().toString(), "w-1");

      assertThat(uncordon.exit()).as(uncordon.toString()).isEqualTo(0);
      assertThat(lab.state().nodeUnschedulable("w-1")).isFalse();
    }
  }
}
