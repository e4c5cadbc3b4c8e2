package dev.bosun.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.sim.testbed.TestBed;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.ScratchBucket;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill's copy side with the real rclone of this machine: a backup copied and verified by the backup's own
 * activities, then verified again by the drill against bosun-verified.json (and caught once a byte changed), and
 * restored into a scratch "bucket" (folders stand in for the buckets) in Velero's layout.
 */
class DrillCopiesTest {

  private static final String NAME = "bosun-lab1-20261207000000";

  @TempDir
  Path dir;

  private OffHostTarget target;
  private ScratchBucket bucket;
  private DrillActivitiesImpl drill;
  private OffHostEntry entry;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(
        TestBed.toolUnavailableReason("rclone") == null,
        () -> TestBed.toolUnavailableReason("rclone"));
    Path objects = Files.createDirectories(dir.resolve("bucket/backups/" + NAME));
    Files.writeString(objects.resolve("velero-backup.json"), "{\"kind\":\"Backup\"}\n");
    Files.write(objects.resolve(NAME + ".tar.gz"), new byte[4096]);
    Files.write(
        objects.resolve(NAME + "-resource-list.json.gz"),
        gzip(
            "{\"apps/v1/Deployment\":[\"shop/web\"],\"v1/ConfigMap\":[\"bosun-sentinel/sentinel\",\"shop/settings\"],"
                + "\"v1/Namespace\":[\"bosun-sentinel\",\"shop\"]}"));
    target = new OffHostTarget(
        "rclone",
        dir.resolve("bucket").toString(),
        dir.resolve("nas").toString(),
        null,
        null,
        dir.resolve("staging").toString());
    BackupActivitiesImpl backup = new BackupActivitiesImpl(null, null);
    backup.copyOffHost(target, NAME, List.of());
    backup.verifyOffHost(target, NAME, List.of());
    entry = backup.listOffHost(target).get(0);
    bucket = new ScratchBucket(dir.resolve("scratch").toString(), null);
    drill = new DrillActivitiesImpl(null, null);
  }

  @Test
  void testAVerifiedCopyVerifiesAgainAndRestoresByteForByteIntoVelerosLayout() throws Exception {
    assertThat(entry.verified()).isTrue();

    OffHostCopy copy = drill.verifyCopy(target, entry);
    Map<String, String> inScratch = drill.restoreIntoScratchBucket(target, entry, bucket);

    assertThat(copy.verified()).isTrue();
    assertThat(copy.files())
        .extracting(OffHostCopy.CopiedFile::path)
        .contains("velero/velero-backup.json", "velero/" + NAME + ".tar.gz");
    assertThat(inScratch)
        .containsOnlyKeys("velero-backup.json", NAME + ".tar.gz", NAME + "-resource-list.json.gz");
    assertThat(Files.readAllBytes(dir.resolve("scratch/backups/" + NAME + "/" + NAME + ".tar.gz")))
        .isEqualTo(new byte[4096]);
    assertThat(inScratch.get(NAME + ".tar.gz"))
        .isEqualTo(copy.files().stream()
            .filter(f -> f.path().equals("velero/" + NAME + ".tar.gz"))
            .findFirst()
            .orElseThrow()
            .checksum()
            .substring(4));
    assertThat(drill.scratchObjectChecksums(bucket, NAME)).isEqualTo(inScratch);
    assertThat(drill.backupResourceList(bucket, NAME))
        .containsEntry("apps/v1/Deployment", List.of("shop/web"))
        .containsEntry("v1/Namespace", List.of("bosun-sentinel", "shop"));
  }

  @Test
  void testNegativeControlAByteChangedInTheCopyFailsItsVerificationNamingTheFile()
      throws Exception {
    Files.write(
        dir.resolve("nas/" + NAME + "/velero/" + NAME + ".tar.gz"),
        new byte[] {1},
        StandardOpenOption.APPEND);

    assertThatThrownBy(() -> drill.verifyCopy(target, entry))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("no longer matches bosun-verified.json")
        .hasMessageContaining("velero/" + NAME + ".tar.gz size 4097, recorded 4096")
        .satisfies(
            e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo("OffHostVerifyFailed"));
  }

  @Test
  void testACopyThatNeverVerifiedIsRefused() throws Exception {
    Files.delete(dir.resolve("nas/" + NAME + "/bosun-verified.json"));

    assertThatThrownBy(() -> drill.verifyCopy(target, entry))
        .hasMessageContaining("has no bosun-verified.json: the copy never verified");
  }

  @Test
  void testVelerosResourceListFormatIsRead() throws Exception {
    assertThat(DrillCopies.resourceList(
            gzip("{\"v1/Pod\":[\"shop/web-1\",\"shop/web-2\"],\"v1/Node\":[\"w-1\"]}")))
        .containsEntry("v1/Pod", List.of("shop/web-1", "shop/web-2"))
        .containsEntry("v1/Node", List.of("w-1"));
    assertThatThrownBy(() -> DrillCopies.resourceList("not gzip".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not gzipped JSON");
  }

  static byte[] gzip(String json) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(json.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
