package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchPlannerTest {

  private static final KubeVersion FROM = KubeVersion.parse("v1.30.6");
  private static final KubeVersion TO = KubeVersion.parse("v1.31.2");

  private static List<NodeSpec> nodes(int cps, int workers) {
    List<NodeSpec> out = new ArrayList<>();
    for (int i = 1; i <= cps; i++)
      out.add(new NodeSpec("cp-" + i, NodeRole.CONTROL_PLANE, "10.0.0." + i, null));
    for (int i = 1; i <= workers; i++)
      out.add(new NodeSpec("w-" + i, NodeRole.WORKER, "10.0.1." + i, null));
    return out;
  }

  private static Map<String, KubeVersion> all(List<NodeSpec> nodes, KubeVersion v) {
    Map<String, KubeVersion> m = new LinkedHashMap<>();
    nodes.forEach(n -> m.put(n.name(), v));
    return m;
  }

  @Test
  void testOrderFirstControlPlaneThenOthersAloneThenWorkerBatches() {
    List<NodeSpec> nodes = nodes(3, 5);
    BatchPlanner.Plan plan = BatchPlanner.plan(nodes, all(nodes, FROM), TO, "2");
    assertEquals(
        List.of(
            List.of("cp-1"),
            List.of("cp-2"),
            List.of("cp-3"),
            List.of("w-1", "w-2"),
            List.of("w-3", "w-4"),
            List.of("w-5")),
        plan.batches());
    assertTrue(plan.stages().get(0).applyStage());
    assertTrue(plan.stages().stream().skip(1).noneMatch(BatchPlanner.Stage::applyStage));
    assertEquals(8, plan.nodesToUpgrade());
  }

  @Test
  void testNodesAtTargetAreLeftOut() {
    List<NodeSpec> nodes = nodes(3, 4);
    Map<String, KubeVersion> v = all(nodes, FROM);
    v.put("cp-1", TO);
    v.put("w-2", TO);
    BatchPlanner.Plan plan = BatchPlanner.plan(nodes, v, TO, "3");
    assertEquals(
        List.of(List.of("cp-2"), List.of("cp-3"), List.of("w-1", "w-3", "w-4")), plan.batches());
    assertEquals(List.of("cp-1", "w-2"), plan.alreadyAtTarget());
    assertTrue(
        plan.stages().stream().noneMatch(BatchPlanner.Stage::applyStage),
        "apply already ran on cp-1");
  }

  @ParameterizedTest
  @CsvSource({
    "1,10,1",
    "3,10,3",
    "20%,10,2",
    "25%,10,3",
    "1%,10,1",
    "100%,10,10",
    "5%,997,50",
    "50,997,50",
    "10%,0,1"
  })
  void testBatchSize(String maxUnavailable, int workers, int expected) {
    assertEquals(expected, BatchPlanner.batchSize(maxUnavailable, workers));
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "abc", "0%", "101%", "''", "2.5"})
  void testInvalidMaxUnavailableNamesTheField(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BatchPlanner.batchSize(bad, 10));
    assertTrue(e.getMessage().startsWith("upgrade.maxUnavailable must be"), e.getMessage());
  }

  @Test
  void testThousandNodesMakeTwentyWorkerBatches() {
    List<NodeSpec> nodes = nodes(3, 997);
    BatchPlanner.Plan plan = BatchPlanner.plan(nodes, all(nodes, FROM), TO, "50");
    assertEquals(3 + 20, plan.stages().size());
    assertEquals(47, plan.stages().get(22).nodes().size());
  }
}
