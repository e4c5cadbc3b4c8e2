package dev.bosun.workflows.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.testing.FakeCluster;
import dev.bosun.workflows.testing.TestClusters;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The payloads that gained a field (VM snapshots; windows and chains in the upgrade's request, progress and report)
 * read as before when the field is absent (histories, checkpoints and inventories written before it), through the same
 * Jackson setup as Temporal's default data converter; and keep the field when it is there. The upgrade's payloads
 * write exactly their record components: their JSON shape is the record's.
 */
class OldHistoryPayloadsTest {

  private final ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private <T> T withoutField(Object value, String field, Class<T> type) throws Exception {
    ObjectNode json = mapper.valueToTree(value);
    assertTrue(json.has(field), field + " is written");
    json.remove(field);
    return mapper.treeToValue(json, type);
  }

  @Test
  void testUpgradeSpecWithoutTheFieldHasNoSnapshots() throws Exception {
    UpgradeSpec on = new UpgradeSpec(
        "2",
        DrainOptions.defaults(),
        OnNodeFailure.SKIP,
        ApprovalGate.NONE,
        1,
        true,
        Duration.ZERO,
        Duration.ofHours(1),
        true);
    assertEquals(
        on,
        mapper.readValue(mapper.writeValueAsString(on), UpgradeSpec.class),
        "round trip keeps the option");
    UpgradeSpec old = withoutField(on, "snapshotBeforeUpgrade", UpgradeSpec.class);
    assertFalse(old.snapshotBeforeUpgrade());
    assertEquals("2", old.maxUnavailable());
    assertFalse(UpgradeSpec.defaults().snapshotBeforeUpgrade());
  }

  @Test
  void testNodeUpgradeInputWithoutTheFieldHasNoHypervisor() throws Exception {
    var inventory = TestClusters.inventory(new FakeCluster("v1.30.6", 1, 1));
    HypervisorTarget hv = HypervisorTarget.of(
        inventory,
        "linux-box",
        new HypervisorSpec(
            HypervisorSpec.VAGRANT, "10.0.9.1", "libvirt", "/labs/lab1", null, null, null, null));
    NodeUpgradeInput in = new NodeUpgradeInput(
        null,
        dev.bosun.workflows.model.HostTarget.of(inventory, "w-1"),
        NodeRole.WORKER,
        false,
        KubeVersion.parse("v1.30.6"),
        KubeVersion.parse("v1.31.2"),
        "1.31.2-1.1",
        "https://pkgs.k8s.io/core:/stable:",
        DrainOptions.defaults(),
        false,
        hv);
    assertEquals(
        hv,
        mapper.readValue(mapper.writeValueAsString(in), NodeUpgradeInput.class).snapshotOn());
    NodeUpgradeInput old = withoutField(in, "snapshotOn", NodeUpgradeInput.class);
    assertNull(old.snapshotOn());
    assertEquals("1.31.2-1.1", old.packageVersion());
  }

  @Test
  void testCheckpointAndNodeReportWithoutTheirFieldsReadAsBefore() throws Exception {
    NodeReport report = new NodeReport(
        "w-1",
        NodeRole.WORKER,
        "v1.30.6",
        "v1.31.2",
        NodeStatus.UPGRADED,
        null,
        null,
        null,
        1,
        10,
        "a note");
    assertNull(withoutField(report, "note", NodeReport.class).note());
    UpgradeCheckpoint cp = new UpgradeCheckpoint(
        new UpgradeCheckpoint.KubeVersionFrom("v1.30.6"),
        "1.31.2-1.1",
        List.of(),
        null,
        List.of(),
        List.of(report),
        2,
        0,
        0,
        false,
        Map.of("w-1", "v1.30.6"),
        1,
        null,
        List.of("w-1"));
    assertEquals(
        List.of("w-1"),
        mapper.readValue(mapper.writeValueAsString(cp), UpgradeCheckpoint.class).vmSnapshots());
    UpgradeCheckpoint old = withoutField(cp, "vmSnapshots", UpgradeCheckpoint.class);
    assertNull(old.vmSnapshots());
    assertEquals(2, old.nextBatch());
  }

  /** The names Jackson writes: exactly the record's components (nothing a helper method could add). */
  private void assertWritesItsComponents(Record value) {
    List<String> written = new java.util.ArrayList<>();
    mapper.valueToTree(value).fieldNames().forEachRemaining(written::add);
    List<String> components = java.util.Arrays.stream(value.getClass().getRecordComponents())
        .map(java.lang.reflect.RecordComponent::getName)
        .toList();
    assertEquals(
        components.stream().sorted().toList(), written.stream().sorted().toList());
  }

  @Test
  void testUpgradePayloadsWithoutTheirChainFieldsReadAsASingleUpgrade() throws Exception {
    UpgradeRequest request = new UpgradeRequest(
        TestClusters.inventory(new FakeCluster("v1.30.6", 1, 1)),
        KubeVersion.parse("v1.32.4"),
        UpgradeSpec.defaults(),
        null,
        new UpgradeHop(1, 2));
    assertWritesItsComponents(request);
    assertEquals(
        request, mapper.readValue(mapper.writeValueAsString(request), UpgradeRequest.class));
    UpgradeRequest oldRequest = withoutField(request, "hop", UpgradeRequest.class);
    assertNull(oldRequest.hop());
    assertEquals(KubeVersion.parse("v1.32.4"), oldRequest.target());

    HopReport hop =
        new HopReport(1, "v1.30.6", "v1.31.9", Phase.COMPLETED, "done", 2, null, 5, "h1");
    UpgradeReport report = new UpgradeReport(
        "lab1",
        "v1.30.6",
        "v1.32.4",
        Phase.COMPLETED,
        "every node runs v1.32.4 after 2 hops",
        List.of(),
        List.of(),
        null,
        List.of(),
        10,
        List.of(hop));
    assertWritesItsComponents(report);
    UpgradeReport oldReport = withoutField(report, "hops", UpgradeReport.class);
    assertNull(oldReport.hops());
    assertEquals(Phase.COMPLETED, oldReport.outcome());

    UpgradeProgress progress = new UpgradeProgress(
        "lab1",
        "v1.30.6",
        "v1.32.4",
        Phase.HOPS,
        false,
        null,
        null,
        null,
        0,
        2,
        0,
        List.of(),
        List.of(),
        1,
        new WindowWait("Sat 02:00", 2),
        new ChainProgress(List.of(), List.of(hop), 2, "bosun:lab1:hop"));
    assertWritesItsComponents(progress);
    ObjectNode beforeWindows = mapper.valueToTree(progress);
    beforeWindows.remove(List.of("window", "chain"));
    UpgradeProgress old = mapper.treeToValue(beforeWindows, UpgradeProgress.class);
    assertNull(old.window());
    assertNull(old.chain());
    assertEquals(Phase.HOPS, old.phase());
  }
}
