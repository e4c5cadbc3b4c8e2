package dev.bosun.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.workflows.activities.NamespaceWorkloads;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.model.DrillSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.rules.SentinelPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The drill's pure rules: the plan, the sentinel's freshness, RPO/RTO, item counts, object checksums. */
class DrillRulesOfThePlanTest {

  static final long TAKEN = Instant.parse("2026-12-01T03:00:00Z").toEpochMilli();
  static final String UUID = "0b6f3a52-1d0e-4c5e-9a57-5d9c6f1e2a10";

  @Test
  void thePlanBuildsAScratchInventoryOfItsOwn() {
    Inventory inv = RestoreDrillWorkflowTest.inventory();
    DrillPlan p = DrillPlan.of(inv, new DrillRequest(inv), TAKEN);

    assertThat(p.scratch().cluster()).isEqualTo("lab1-drill");
    assertThat(p.scratch().kubernetes().controlPlaneEndpoint()).isEqualTo("10.0.9.10:6443");
    assertThat(p.scratch().kubernetes().version()).isEqualTo(inv.kubernetes().version());
    assertThat(p.scratch().nodes()).extracting(NodeSpec::name).containsExactly("d-cp-1", "d-w-1");
    assertThat(p.scratch().backup()).isNull();
    assertThat(p.scratch().init().installsEtcdClient())
        .as("a scratch cluster is never upgraded or backed up: no etcd client")
        .isFalse();
    assertThat(p.offHost().destination()).isEqualTo("nas:lab1");
    assertThat(p.bucket().remote()).isEqualTo("s3:drill-scratch");
    assertThat(p.bucket().rcloneConfig()).isEqualTo("/etc/bosun/rclone.conf");
    assertThat(p.velero().credentialsFile()).isEqualTo("/etc/bosun/drill-s3-credentials");
    assertThat(p.syncTimeout()).isGreaterThan(Duration.ofMinutes(1)); // Velero's once-a-minute sync
  }

  @Test
  void everyProblemIsNamedBeforeAnySideEffect() {
    Inventory good = RestoreDrillWorkflowTest.inventory();
    DrillSpec d = good.drill();
    DrillSpec bad = new DrillSpec(
        d.schedule(),
        d.checks(),
        new DrillSpec.ScratchSpec(
            good.kubernetes().controlPlaneEndpoint(),
            d.scratch().hypervisor(),
            List.of(new NodeSpec("cp-1", NodeRole.WORKER, "10.0.9.30", null, null))),
        new DrillSpec.DrillVeleroSpec(
            "velero/plugin; rm -rf /",
            "aws_secret_access_key=x",
            "nas:lab1",
            "B",
            "us east",
            "ftp://x"));
    Inventory inv = new Inventory(
        good.cluster(),
        good.kubernetes(),
        good.ssh(),
        good.hypervisor(),
        good.nodes(),
        good.upgrade(),
        good.backup(),
        bad);

    assertThatThrownBy(
            () -> DrillPlan.of(inv, new DrillRequest(inv, "x", Duration.ofDays(1)), TAKEN))
        .hasMessageContaining("drill.scratch.controlPlaneEndpoint is the cluster's own")
        .hasMessageContaining("drill.scratch.nodes needs a control-plane node")
        .hasMessageContaining("drill.scratch.nodes: cp-1 is also a node of nodes")
        .hasMessageContaining("drill.scratch.nodes: cp-1 needs a vm")
        .hasMessageContaining("drill.velero.scratchBucket is backup.offHost.destination")
        .hasMessageContaining("drill.velero.plugins is not an image reference")
        .hasMessageContaining("drill.velero.bucket is not an S3 bucket name")
        .hasMessageContaining("drill.velero.region is not an S3 region")
        .hasMessageContaining("drill.velero.s3Url")
        .hasMessageContaining("drill.velero.credentialsFile must be an absolute path")
        .hasMessageContaining("--backup and --random-within exclude each other")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("aws_secret_access_key=x"));
  }

  @ParameterizedTest(
      name = "a sentinel written {0} s after the backup began (Velero started +{1} s): {2}")
  @CsvSource({
    "2, 5, ''",
    "0, 5, ''",
    "-1, 5, ''", // the name's time is truncated to the second
    "-2, 5, stale sentinel",
    "-864000, 5, 'written 10d 0h 0m 0s before the backup began'",
    "6, 5, was written after Velero started the backup",
  })
  void theSentinelMustBeThisBackupsOwn(long writtenAfter, long veleroAfter, String problem) {
    long at = TAKEN + writtenAfter * 1000;
    Sentinel s =
        new Sentinel("bosun-sentinel", "sentinel", UUID, at, SentinelPayload.sha256(UUID, at));
    String p = SentinelCheck.problem(s, TAKEN, TAKEN + veleroAfter * 1000);
    if (problem.isEmpty()) {
      assertThat(p).isNull();
    } else {
      assertThat(p).contains(problem);
    }
  }

  @Test
  void aSentinelWhoseBytesChangedOrThatIsMissingFails() {
    Sentinel changed = new Sentinel("bosun-sentinel", "sentinel", UUID, TAKEN, "00".repeat(32));
    assertThat(SentinelCheck.problem(changed, TAKEN, null)).contains("its bytes changed");
    assertThat(SentinelCheck.problem(null, TAKEN, null)).contains("was not restored");
    // without Velero's start time, an hour after the run began is the latest
    long late = TAKEN + Duration.ofHours(2).toMillis();
    Sentinel s =
        new Sentinel("bosun-sentinel", "sentinel", UUID, late, SentinelPayload.sha256(UUID, late));
    assertThat(SentinelCheck.problem(s, TAKEN, null)).contains("after Velero started");
  }

  @Test
  void thePayloadFormulaIsTheBackupsOwn() {
    assertThat(SentinelPayload.payload(UUID, TAKEN))
        .isEqualTo("bosun sentinel " + UUID + " written 2026-12-01T03:00:00Z\n");
    assertThat(SentinelPayload.sha256(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void rpoIsDrillStartMinusTheSentinelAndRtoIsDrillStartToEveryCheckPassed() {
    long start = TAKEN + Duration.ofHours(27).toMillis();
    DrillFigures f = DrillFigures.of(
        start, TAKEN + 2_000, Map.of("shop", start + 95_000, "bosun-sentinel", start + 40_000));

    assertThat(f.rpoMillis()).containsEntry("shop", 27 * 3_600_000L - 2_000);
    assertThat(f.rtoMillis())
        .containsEntry("shop", 95_000L)
        .containsEntry("bosun-sentinel", 40_000L);
    assertThat(f.maxRtoMillis()).isEqualTo(95_000L);
    assertThat(DrillText.age(f.rpoMillis().get("shop"))).isEqualTo("1d 2h 59m 58s");
    assertThatThrownBy(() -> DrillFigures.of(start, start + 1, Map.of()))
        .hasMessageContaining("after the drill began");
    assertThatThrownBy(() -> DrillFigures.of(start, TAKEN, Map.of("shop", start - 1)))
        .hasMessageContaining("shop passed before the drill began");
  }

  @Test
  void itemCountsPerKindIgnoreWhatVeleroNeverRestores() {
    Map<String, List<String>> backedUp = Map.of(
        "v1/ConfigMap", List.of("shop/a", "shop/b"),
        "v1/Event", List.of("shop/e"),
        "v1/Namespace", List.of("shop"),
        "v1/Node", List.of("w-1"));
    Map<String, List<String>> restored =
        Map.of("v1/ConfigMap", List.of("shop/a"), "v1/Namespace", List.of("shop"));

    assertThat(ItemCounts.differences(ItemCounts.counts(backedUp), ItemCounts.counts(restored)))
        .containsExactly("v1/ConfigMap backed up 2, restored 1");
    assertThat(ItemCounts.namespaces(backedUp)).containsExactly("shop");
    assertThat(ItemCounts.differences(ItemCounts.counts(backedUp), ItemCounts.counts(backedUp)))
        .isEmpty();
  }

  @Test
  void theBackupsObjectsAreComparedByMd5() {
    OffHostCopy copy = new OffHostCopy(
        "rclone",
        "b",
        "nas:lab1/b",
        List.of(
            new OffHostCopy.CopiedFile("velero/velero-backup.json", 1, "md5:aa"),
            new OffHostCopy.CopiedFile("velero/b.tar.gz", 1, "md5:bb"),
            new OffHostCopy.CopiedFile("etcd/b-etcd.db", 1, "md5:cc")),
        3,
        0,
        true,
        null,
        null);
    Map<String, String> copied = ObjectChecksums.ofCopy(copy);

    assertThat(copied).containsOnlyKeys("velero-backup.json", "b.tar.gz");
    assertThat(ObjectChecksums.differences(
            copied, Map.of("velero-backup.json", "aa", "b.tar.gz", "ff", "x", "1")))
        .containsExactly("b.tar.gz changed (md5 bb → ff)", "x added");
    assertThat(new NamespaceWorkloads("shop", 2, List.of()).ready()).isTrue();
  }
}
