package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.activities.hypervisor.HyperVScripts;
import dev.bosun.activities.hypervisor.UtmCommands;
import dev.bosun.activities.hypervisor.VagrantCommands;
import dev.bosun.cli.Cli;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.sim.HypervisorHosts;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.init.InitProgress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * bosun init and bosun destroy against a lab of hypervisor hosts (Vagrant, Hyper-V on Windows 10 Pro, UTM) over real
 * SSH: the cluster is built, every node Ready with its architecture; destroy leaves no VM in any hypervisor's own list;
 * a join failure followed by bosun abort leaves nothing behind either.
 */
@Execution(ExecutionMode.CONCURRENT) // waits on simulated hosts; overlaps with the other lab tests
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class InitTest {

  @TempDir
  Path tmp;

  @Test
  void testInitBuildsEveryNodeReadyAndDestroyLeavesNoVm() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.forInit("lab1", 1, 3, "v1.30.6", tmp))) {
      String inv = lab.inventoryFile().toString();

      Cli.Result init = Cli.run("init", "-i", inv, "--watch", "--plain");

      assertThat(init.exit()).as(init.toString()).isEqualTo(0);
      assertThat(init.out())
          .contains(
              "started ClusterInit bosun:lab1",
              "Init lab1 v1.30.6 (1 control plane, 3 workers)",
              "Init lab1: succeeded")
          .containsPattern(
              "w-3 +worker +arm64 +mac +lab1-w-3 +127\\.0\\.5\\.\\d+ +v1\\.30\\.6 +ready");
      for (String n : new String[] {"cp-1", "w-1", "w-2", "w-3"}) {
        assertThat(lab.state().nodeReady(n)).as(n + " Ready").isTrue();
        assertThat(lab.state().nodeKubeletVersion(n)).isEqualTo("v1.30.6");
      }
      assertThat(lab.state().read(c -> c.node("w-3")).getMetadata().getLabels())
          .containsEntry("kubernetes.io/arch", "arm64");
      assertThat(vmsListed(lab)).as("VMs before destroy").isTrue();

      Cli.Result destroy = Cli.run("destroy", "-i", inv, "--yes", "--plain");

      assertThat(destroy.exit()).as(destroy.toString()).isEqualTo(0);
      assertThat(destroy.out())
          .contains("Destroy lab1: 4 VM(s) destroyed", "No VM of lab1 is left");
      assertThat(vmsListed(lab))
          .as("VMs after destroy, by each hypervisor's own list")
          .isFalse();
      assertThat(lab.state().hosts())
          .extracting(h -> h.name())
          .containsOnly(HypervisorHosts.VAGRANT, HypervisorHosts.HYPERV, HypervisorHosts.UTM);
    }
  }

  @Test
  void testAJoinFailureThenAbortLeavesNoVmBehind() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.forInit("lab2", 1, 2, "v1.30.6", tmp));
        TemporalSession session =
            TemporalSession.open(new TemporalOptions().settings(Map.of()), Map.of(), true);
        InProcessWorker worker = InProcessWorker.start(session)) {
      lab.faults().failJoin("w-2");
      String address = session.settings().address();

      Cli.Result started =
          Cli.run("init", "-i", lab.inventoryFile().toString(), "--address", address);

      // not watching: it returns once the run waits for an operator, with the commands that answer
      // it
      assertThat(started.exit()).as(started.toString()).isEqualTo(5);
      assertThat(started.out())
          .contains("w-2 failed: kubeadm-join", "[ERROR Port-10250]", "bosun abort --cluster lab2");
      var stub = session.client().newUntypedWorkflowStub(WorkflowIds.mutation("lab2"));
      assertThat(stub.query(WorkflowNames.PROGRESS, InitProgress.class).waitingNode())
          .isEqualTo("w-2");

      Cli.Result abort = Cli.run(
          "abort", "--cluster", "lab2", "--reason", "join keeps failing", "--address", address);
      assertThat(abort.exit()).as(abort.toString()).isEqualTo(0);
      Cli.Result watch = Cli.run("watch", "--cluster", "lab2", "--address", address, "--plain");

      assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
      assertThat(watch.out()).contains("Init lab2: aborted", "destroy VM of w-2 on win10: done");
      assertThat(vmsListed(lab))
          .as("VMs after the abort, by each hypervisor's own list")
          .isFalse();
      assertThat(lab.state().hosts()).hasSize(3);
    }
  }

  /** Hyper-V refuses New-VM for w-2 (0x80070569): the init waits for the operator naming it; abort destroys every VM it made. */
  @Test
  void testAVmThatCannotBeCreatedThenAbortLeavesNoVmBehind() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.forInit("lab3", 1, 2, "v1.30.6", tmp));
        TemporalSession session =
            TemporalSession.open(new TemporalOptions().settings(Map.of()), Map.of(), true);
        InProcessWorker worker = InProcessWorker.start(session)) {
      lab.faults().failVmCreation(HypervisorHosts.HYPERV);
      String address = session.settings().address();

      Cli.Result started =
          Cli.run("init", "-i", lab.inventoryFile().toString(), "--address", address);

      assertThat(started.exit()).as(started.toString()).isEqualTo(5);
      assertThat(started.out())
          .contains("w-2 failed: create-vm", "0x80070569", "bosun abort --cluster lab3");
      var stub = session.client().newUntypedWorkflowStub(WorkflowIds.mutation("lab3"));
      assertThat(stub.query(WorkflowNames.PROGRESS, InitProgress.class).waitingNode())
          .isEqualTo("w-2");

      Cli.Result abort =
          Cli.run("abort", "--cluster", "lab3", "--reason", "no VM on win10", "--address", address);
      assertThat(abort.exit()).as(abort.toString()).isEqualTo(0);
      Cli.Result watch = Cli.run("watch", "--cluster", "lab3", "--address", address, "--plain");

      assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
      assertThat(watch.out()).contains("Init lab3: aborted");
      assertThat(vmsListed(lab))
          .as("VMs after the abort, by each hypervisor's own list")
          .isFalse();
      assertThat(lab.state().hosts()).as("only the hypervisor hosts are left").hasSize(3);
    }
  }

  /** Whether any hypervisor host's own list command shows a VM of a cluster (names cluster-node). */
  static boolean vmsListed(LabSim lab) throws InterruptedException {
    String vagrant = lab.run(
            HypervisorHosts.VAGRANT,
            VagrantCommands.status("/home/bosun/labs/" + lab.spec().cluster()))
        .stdout();
    String hyperv = lab.run(HypervisorHosts.HYPERV, HyperVScripts.command(HyperVScripts.listVms()))
        .stdout();
    String utm = lab.run(HypervisorHosts.UTM, UtmCommands.list(null)).stdout();
    String prefix = lab.spec().cluster() + "-";
    return vagrant.contains(",state,running") || hyperv.contains(prefix) || utm.contains(prefix);
  }
}
