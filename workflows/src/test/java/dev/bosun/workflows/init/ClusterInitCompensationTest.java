package dev.bosun.workflows.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.testing.FakeLab;
import dev.bosun.workflows.testing.InitLabs;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A failure at every step, answered with abort: every step is undone in reverse order. VMs created are VMs
 * destroyed, the adopted VM (w-3's, there before the init) is never touched, every node that ran kubeadm init or
 * join is reset, each undo runs once, and the report says aborted.
 */
@Timeout(60)
class ClusterInitCompensationTest {

  private final FakeLab lab = InitLabs.lab(20).existingVm("hv-c", "w-3");
  private TestWorkflowEnvironment env;
  private ClusterInitWorkflow wf;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  private void start() {
    env = InitLabs.start(lab);
    wf = env.getWorkflowClient()
        .newWorkflowStub(
            ClusterInitWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    WorkflowClient.start(wf::init, new InitRequest(InitLabs.inventory()));
  }

  private InitReport result() {
    return WorkflowStub.fromTyped(wf).getResult(InitReport.class);
  }

  @ParameterizedTest(name = "{0} fails, abort")
  @CsvSource({
    "inspectHypervisor:hv-b, hv-b, inspect-hypervisor",
    "createVm:w-2, w-2, create-vm",
    "waitForAddress:w-1, w-1, wait-for-address",
    "waitForSsh:cp-2, cp-2, wait-for-ssh",
    "installContainerRuntime:w-3, w-3, container-runtime",
    "installKubernetesPackages:cp-1, cp-1, kubernetes-packages",
    "kubeadmInit:cp-1, cp-1, kubeadm-init",
    "applyCni:cp-1, cp-1, apply-cni",
    "kubeadmJoin:cp-3, cp-3, kubeadm-join",
    "kubeadmJoin:w-2, w-2, kubeadm-join",
    "waitForNodeReady:w-1, w-1, wait-ready",
    "labelNode:w-3, w-3, label",
  })
  void testAbortAfterAFailureUndoesEverythingItMade(String call, String waiting, String step)
      throws Exception {
    lab.failAt(call, 1);
    start();
    InitProgress p = InitLabs.awaitProgress(wf, x -> x.waitingNode() != null);
    assertEquals(waiting, p.waitingNode());
    assertEquals(InitPhase.AWAITING_OPERATOR.text(), p.phase());
    assertTrue(p.failure().startsWith(step + ": injected failure of"), p.failure());
    assertTrue(p.details().contains("bosun abort"), p.details());

    assertTrue(wf.abort("maintenance window over").startsWith("aborting"));
    InitReport report = result();

    assertEquals(InitReport.ABORTED, report.outcome());
    assertTrue(
        report.notes().contains("aborted by operator: maintenance window over"),
        report.notes().toString());
    assertEquals(
        Set.of("hv-c/w-3"),
        lab.vmNames(),
        "every VM the init created is gone, the adopted one is still there");
    assertFalse(lab.calls.contains("destroyVm:w-3"), "an adopted VM is never destroyed");
    assertTrue(
        lab.joined.isEmpty(), "every node that ran kubeadm init or join was reset: " + lab.joined);
    assertEquals(
        touched("kubeadmInit", "kubeadmJoin"),
        touched("kubeadmReset"),
        "reset exactly the nodes kubeadm touched");
    Set<String> created = touched("createVm");
    created.remove("w-3");
    assertEquals(created, touched("destroyVm"), "destroyed exactly the VMs it asked for");
    for (String c : List.copyOf(lab.calls)) {
      if (c.startsWith("destroyVm:") || c.startsWith("kubeadmReset:")) {
        assertEquals(1, lab.count(c), "undone once: " + c);
      }
    }
    if (call.startsWith("inspectHypervisor")) {
      assertTrue(
          lab.callsOf("createVm").isEmpty(),
          "nothing created before every hypervisor was inspected");
    }
    for (InitNodeRow r : report.nodes()) {
      boolean undone = created.contains(r.node()) || touched("kubeadmReset").contains(r.node());
      if (undone) {
        assertEquals(InitView.COMPENSATED, r.status(), r.toString());
      } else {
        assertTrue(
            Set.of(InitView.PENDING, InitView.STOPPED, InitView.FAILED).contains(r.status()),
            r.toString());
      }
    }
    assertTrue(
        lab.calls.indexOf("kubeadmReset:cp-1") < 0
            || lab.calls.indexOf("kubeadmReset:cp-1") > lastIndex("kubeadmReset:w"),
        "the first control plane is reset last: " + lab.calls);
  }

  /** A VM whose createVm made it and then failed is this run's: the retry adopts it, the abort still destroys it. */
  @Test
  void testAVmMadeByAnEarlierAttemptIsStillDestroyed() throws Exception {
    lab.loseCreateAnswer.add("w-1");
    lab.failAt("waitForSsh:w-1", 1);
    start();
    assertEquals("w-1", InitLabs.awaitProgress(wf, x -> x.waitingNode() != null).waitingNode());
    wf.retry("w-1");
    InitLabs.awaitProgress(
        wf, x -> "wait-for-ssh".equals(x.failure() == null ? null : x.failure().split(":")[0]));
    wf.abort(null);
    InitReport report = result();
    assertEquals(InitReport.ABORTED, report.outcome());
    assertEquals(2, lab.count("createVm:w-1"));
    assertEquals(1, lab.count("destroyVm:w-1"));
    assertEquals(Set.of("hv-c/w-3"), lab.vmNames());
  }

  private Set<String> touched(String... ops) {
    return lab.calls.stream()
        .filter(c -> List.of(ops).contains(c.substring(0, c.indexOf(':'))))
        .map(c -> c.substring(c.indexOf(':') + 1))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private int lastIndex(String prefix) {
    int last = -1;
    for (int i = 0; i < lab.calls.size(); i++) {
      if (lab.calls.get(i).startsWith(prefix)) last = i;
    }
    return last;
  }
}
