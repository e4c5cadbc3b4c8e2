package dev.bosun.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.workflows.activities.OffHostTarget;
import org.junit.jupiter.api.Test;

/** The exact command lines: no credential in any of them, only references. */
class OffHostCommandsTest {

  private static final OffHostTarget RCLONE = new OffHostTarget(
      "rclone", "s3:velero", "nas:lab1", "/etc/bosun/rclone.conf", null, "/var/tmp/bosun");
  private static final OffHostTarget RESTIC = new OffHostTarget(
      "restic", "s3:velero", "/mnt/nas/restic", null, "LAB1_RESTIC_PASSWORD", "/var/tmp/bosun");

  @Test
  void testRcloneLines() {
    assertThat(OffHostCommands.rcloneCopy(
            RCLONE, OffHostCommands.veleroObjects(RCLONE, "b1"), "nas:lab1/b1/velero"))
        .containsExactly(
            "rclone",
            "copy",
            "--config",
            "/etc/bosun/rclone.conf",
            "s3:velero/backups/b1",
            "nas:lab1/b1/velero",
            "--use-json-log",
            "-v",
            "--stats",
            "0");
    assertThat(OffHostCommands.rcloneCheck(RCLONE, "s3:velero/backups/b1", "nas:lab1/b1/velero"))
        .containsExactly(
            "rclone",
            "check",
            "--config",
            "/etc/bosun/rclone.conf",
            "s3:velero/backups/b1",
            "nas:lab1/b1/velero",
            "--use-json-log",
            "--combined",
            "-");
    assertThat(OffHostCommands.rcloneListMarkers(RCLONE))
        .containsSubsequence("--include", "/*/bosun-verified.json", "nas:lab1");
    assertThat(OffHostCommands.rclonePurge(RCLONE, OffHostCommands.copyFolder(RCLONE, "b1")))
        .endsWith("purge", "--config", "/etc/bosun/rclone.conf", "nas:lab1/b1");
    assertThat(OffHostCommands.copyFolder(
            new OffHostTarget("rclone", "s3:", "nas:", null, null, "/t"), "b1"))
        .isEqualTo("nas:b1");
  }

  @Test
  void testResticLinesCarryNoPassword() {
    assertThat(OffHostCommands.resticBackup(RESTIC, "b1", "/var/tmp/bosun/b1"))
        .containsExactly(
            "restic",
            "-r",
            "/mnt/nas/restic",
            "--no-cache",
            "backup",
            "--json",
            "--host",
            "bosun",
            "--tag",
            "bosun",
            "--tag",
            "b1",
            "/var/tmp/bosun/b1");
    assertThat(OffHostCommands.resticCheck(RESTIC)).endsWith("check", "--read-data-subset=100%");
    assertThat(String.join(" ", OffHostCommands.resticSnapshots(RESTIC)))
        .doesNotContain("LAB1_RESTIC_PASSWORD");
    assertThatThrownBy(() -> OffHostCommands.resticForget(RESTIC, "; rm -rf /"))
        .hasMessageContaining("snapshot id");
  }

  @Test
  void testAStagedFileIsUploadedThroughAPartFileAndChecked() {
    assertThat(OffHostCommands.upload("/var/tmp/stage/b/etcd/b-etcd.db"))
        .isEqualTo(
            "mkdir -p '/var/tmp/stage/b/etcd' && cat > '/var/tmp/stage/b/etcd/b-etcd.db.part'"
                + " && mv -f '/var/tmp/stage/b/etcd/b-etcd.db.part' '/var/tmp/stage/b/etcd/b-etcd.db'");
    assertThat(OffHostCommands.sha256("/var/tmp/stage/b/etcd/b-etcd.db"))
        .isEqualTo("sha256sum '/var/tmp/stage/b/etcd/b-etcd.db'");
    assertThat(OffHostCommands.removeStaging("/var/tmp/stage/b"))
        .containsExactly("rm", "-rf", "--", "/var/tmp/stage/b");
    assertThatThrownBy(() -> OffHostCommands.removeStaging("stage/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void testNodeCommandsQuoteAndRefuseBadPaths() {
    assertThat(OffHostCommands.nodeSha256("/var/backups/bosun-lab1-etcd.db"))
        .isEqualTo("sudo -n sha256sum '/var/backups/bosun-lab1-etcd.db'");
    assertThat(OffHostCommands.nodeCat("/var/backups/x.db"))
        .isEqualTo("sudo -n cat '/var/backups/x.db'");
    assertThatThrownBy(() -> OffHostCommands.nodeCat("/var/backups/x.db; reboot"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
