package dev.bosun.workflows.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.WorkflowIds;
import dev.bosun.workflows.activities.VmInfo;
import dev.bosun.workflows.testing.FakeLab;
import dev.bosun.workflows.testing.InitLabs;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Destroy: every VM the hypervisors list as this cluster's, nothing else. */
@Timeout(60)
class DestroyClusterWorkflowTest {

  private final FakeLab lab = InitLabs.lab(5);
  private TestWorkflowEnvironment env;

  @AfterEach
  void close() {
    if (env != null) env.close();
  }

  @Test
  void testDestroysOnlyTheListedVmsAndNothingRemains() {
    lab.existingVm("hv-a", "cp-1")
        .existingVm("hv-a", "w-1")
        .existingVm("hv-b", "cp-2")
        .existingVm("hv-c", "old-node");
    lab.foreign.put("w-2", "someone else's VM");
    env = InitLabs.start(lab);
    DestroyClusterWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            DestroyClusterWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    DestroyReport report = wf.destroy(new DestroyRequest(InitLabs.inventory()));
    assertEquals("lab1", report.cluster());
    assertEquals(
        Set.of("cp-1", "w-1", "cp-2", "old-node"),
        report.destroyed().stream().map(VmInfo::node).collect(Collectors.toSet()),
        "a VM of the cluster the inventory no longer names goes too: it carries the marker");
    assertTrue(report.remaining().isEmpty());
    assertTrue(lab.vmNames().isEmpty());
    assertEquals(4, lab.callsOf("destroyVm").size());
    assertEquals(
        List.of("listVms:hv-a", "listVms:hv-b", "listVms:hv-c"),
        lab.callsOf("listVms").subList(0, 3));
    assertEquals(6, lab.callsOf("listVms").size(), "listed again after");
    assertTrue(lab.foreign.containsKey("w-2"));
  }

  @Test
  void testAVmThatWillNotGoIsReportedAsRemaining() {
    lab.existingVm("hv-a", "cp-1").existingVm("hv-b", "cp-2");
    lab.failAt("destroyVm:cp-2", 1);
    env = InitLabs.start(lab);
    DestroyClusterWorkflow wf = env.getWorkflowClient()
        .newWorkflowStub(
            DestroyClusterWorkflow.class, TestClusters.options(WorkflowIds.mutation("lab1")));
    DestroyReport report = wf.destroy(new DestroyRequest(InitLabs.inventory()));
    assertEquals(List.of("cp-1"), report.destroyed().stream().map(VmInfo::node).toList());
    assertEquals(List.of("cp-2"), report.remaining().stream().map(VmInfo::node).toList());
  }
}
