package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.cli.Cli;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Two clusters upgraded at once by one worker, each with its own SSH key and known_hosts file, on the same host
 * addresses (two labs on different ports): each upgrade completes using only its own credentials — each lab's sshd
 * accepts only its own client key and presents host keys only its own known_hosts file knows, so a connection made
 * with the other cluster's credentials would fail — and each cluster's lock is its own.
 */
@Execution(ExecutionMode.CONCURRENT) // waits on simulated hosts; overlaps with the other lab tests
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TwoClustersTest {

  @TempDir
  Path tmp;

  @Test
  void testTwoClustersWithTheirOwnKeysUpgradeAtOnceOnOneWorkerEachWithItsOwnLock()
      throws Exception {
    try (LabSim a = LabSim.start(LabSpec.of("lab-a", 1, 2, "v1.30.6", tmp.resolve("a")));
        LabSim b = LabSim.start(LabSpec.of("lab-b", 1, 2, "v1.30.6", tmp.resolve("b")));
        TemporalSession session =
            TemporalSession.open(new TemporalOptions().settings(Map.of()), Map.of(), true);
        InProcessWorker worker = InProcessWorker.start(session)) {
      assertThat(Files.readString(a.privateKey())).isNotEqualTo(Files.readString(b.privateKey()));
      assertThat(a.sshPort()).isNotEqualTo(b.sshPort());
      String address = session.settings().address();

      CompletableFuture<Cli.Result> upA = CompletableFuture.supplyAsync(() -> Cli.run(
          "upgrade",
          "-i",
          a.inventoryFile().toString(),
          "--to",
          "v1.31.2",
          "--address",
          address,
          "--watch",
          "--plain"));
      CompletableFuture<Cli.Result> upB = CompletableFuture.supplyAsync(() -> Cli.run(
          "upgrade",
          "-i",
          b.inventoryFile().toString(),
          "--to",
          "v1.31.2",
          "--address",
          address,
          "--watch",
          "--plain"));
      // while both run, a second operation on lab-a is refused (its lock), and that says nothing
      // about lab-b
      await()
          .atMost(java.time.Duration.ofMinutes(1))
          .ignoreExceptions()
          .until(() ->
              session.client().newUntypedWorkflowStub("bosun:lab-a").describe().getStatus()
                  == io.temporal.api.enums.v1.WorkflowExecutionStatus
                      .WORKFLOW_EXECUTION_STATUS_RUNNING);
      Cli.Result busy =
          Cli.run("drain", "-i", a.inventoryFile().toString(), "w-1", "--address", address);

      Cli.Result doneA = upA.get(5, TimeUnit.MINUTES);
      Cli.Result doneB = upB.get(5, TimeUnit.MINUTES);
      assertThat(doneA.exit()).as(doneA.toString()).isZero();
      assertThat(doneB.exit()).as(doneB.toString()).isZero();
      assertThat(busy.exit()).as(busy.toString()).isEqualTo(4);
      assertThat(busy.err()).contains("cluster lab-a is busy").doesNotContain("lab-b");
      for (LabSim lab : List.of(a, b)) {
        for (String n : List.of("cp-1", "w-1", "w-2")) {
          assertThat(lab.state().nodeKubeletVersion(n))
              .as(lab.spec().cluster() + " " + n)
              .isEqualTo("v1.31.2");
        }
        assertThat(lab.commandLog().all())
            .as("commands reached " + lab.spec().cluster() + "'s hosts")
            .isNotEmpty();
      }
    }
  }
}
