package dev.bosun.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.activities.ssh.ShellHost;
import dev.bosun.sim.testbed.TestBed;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.StagedFile;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The off-host copy run on another host (backup.offHost.runOn): the real rclone and restic of this machine, reached
 * over a real SSH server that runs commands with /bin/sh. A folder stands in for Velero's bucket.
 */
class OffHostOverSshTest {

  private static final String NAME = "bosun-lab1-20261207000000";

  @TempDir
  Path dir;

  @RegisterExtension
  final ShellHost host = new ShellHost();

  private BackupActivitiesImpl activities;
  private List<StagedFile> staged;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(
        TestBed.toolUnavailableReason("rclone") == null,
        () -> TestBed.toolUnavailableReason("rclone"));
    activities = new BackupActivitiesImpl(null, host.start(dir));
    Path objects = Files.createDirectories(dir.resolve("bucket/backups/" + NAME));
    Files.writeString(objects.resolve("velero-backup.json"), "{\"kind\":\"Backup\"}\n");
    Files.write(objects.resolve(NAME + ".tar.gz"), new byte[4096]);
    Path etcd = Files.createDirectories(dir.resolve("staging/" + NAME + "/etcd"))
        .resolve(NAME + "-etcd.db");
    Files.write(etcd, new byte[] {1, 2, 3, 4});
    staged = List.of(new StagedFile(
        "cp-1",
        "/var/backups/" + NAME + "-etcd.db",
        "etcd/" + NAME + "-etcd.db",
        etcd.toString(),
        4,
        BackupActivitiesImpl.sha256(new byte[] {1, 2, 3, 4})));
  }

  @Test
  void testRcloneOverSshCopiesVerifiesListsAndDeletes() throws Exception {
    OffHostTarget t = target("rclone", dir.resolve("nas").toString(), null);

    OffHostCopy copy = activities.copyOffHost(t, NAME, staged);
    OffHostCopy verified = activities.verifyOffHost(t, NAME, staged);

    assertThat(copy.verified()).isFalse();
    assertThat(copy.files())
        .extracting(OffHostCopy.CopiedFile::path)
        .containsExactlyInAnyOrder(
            "velero/velero-backup.json", "velero/" + NAME + ".tar.gz", "etcd/" + NAME + "-etcd.db");
    assertThat(verified.verified()).isTrue();
    assertThat(dir.resolve("nas/" + NAME + "/bosun-verified.json"))
        .content()
        .contains(staged.get(0).sha256());
    assertThat(activities.listOffHost(t))
        .containsExactly(new OffHostEntry(NAME, 1796601600000L, true, null));

    Files.write(
        dir.resolve("nas/" + NAME + "/velero/" + NAME + ".tar.gz"),
        new byte[] {9},
        StandardOpenOption.APPEND);
    assertThatThrownBy(() -> activities.verifyOffHost(t, NAME, staged))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("OffHostVerifyFailed"))
        .hasMessageContaining("velero/" + NAME + ".tar.gz: sizes differ");

    activities.deleteOffHost(t, new OffHostEntry(NAME, 0, true, null));
    activities.deleteOffHost(t, new OffHostEntry(NAME, 0, true, null)); // a retry: already gone
    assertThat(dir.resolve("nas/" + NAME)).doesNotExist();
    assertThat(activities.listOffHost(t)).isEmpty();

    // this run's staging folder, on runOn (rm over SSH) and on the worker; a retry finds it gone
    Path other = Files.createDirectories(dir.resolve("staging/bosun-lab1-20261206000000"));
    activities.removeStaging(t, NAME);
    activities.removeStaging(t, NAME);
    assertThat(dir.resolve("staging/" + NAME)).doesNotExist();
    assertThat(other).isDirectory(); // another run's folder is not touched
  }

  @Test
  void testAStagedFileThatArrivesOtherThanTheNodeSentItFailsTheCopy() throws Exception {
    StagedFile f = staged.get(0);
    List<StagedFile> wrong = List.of(new StagedFile(
        f.node(), f.remotePath(), f.name(), f.localPath(), f.bytes(), "00".repeat(32)));
    OffHostTarget t = target("rclone", dir.resolve("nas").toString(), null);

    assertThatThrownBy(() -> activities.copyOffHost(t, NAME, wrong))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("has sha256 " + f.sha256() + ", the node's is " + "00".repeat(32));
    // through a .part and a rename: the file sent (here the same path) is whole afterwards
    assertThat(Files.readAllBytes(Path.of(f.localPath()))).containsExactly(1, 2, 3, 4);
  }

  @Test
  void testResticOverSshTakesItsPasswordOnStdin() throws Exception {
    Assumptions.assumeTrue(
        TestBed.toolUnavailableReason("restic") == null,
        () -> TestBed.toolUnavailableReason("restic"));
    Assumptions.assumeTrue(
        System.getenv("BOSUN_IT_RESTIC_PASSWORD") != null, "set by surefire's configuration");
    OffHostTarget t = target("restic", dir.resolve("repo").toString(), "BOSUN_IT_RESTIC_PASSWORD");

    OffHostCopy copy = activities.copyOffHost(t, NAME, staged);
    OffHostCopy verified = activities.verifyOffHost(t, NAME, staged);

    assertThat(copy.snapshotId()).isNotNull();
    assertThat(verified.verified()).isTrue();
    assertThat(verified.files())
        .extracting(OffHostCopy.CopiedFile::path)
        .contains("etcd/" + NAME + "-etcd.db");
    assertThat(activities.listOffHost(t)).singleElement().satisfies(e -> {
      assertThat(e.backupName()).isEqualTo(NAME);
      assertThat(e.verified()).isTrue();
    });
    activities.deleteOffHost(t, new OffHostEntry(NAME, 0, true, null));
    assertThat(activities.listOffHost(t)).isEmpty();
  }

  private OffHostTarget target(String tool, String destination, String passwordEnv) {
    return new OffHostTarget(
        tool,
        dir.resolve("bucket").toString(),
        destination,
        null,
        passwordEnv,
        dir.resolve("staging").toString(),
        host.target());
  }
}
