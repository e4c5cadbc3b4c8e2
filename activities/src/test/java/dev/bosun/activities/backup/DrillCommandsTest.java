package dev.bosun.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.ScratchBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The drill's command lines, exactly. */
class DrillCommandsTest {

  static final String TEMP = "/tmp/bosun-velero-credentials.AbCdEf0123";
  static final String NAME = "bosun-lab1-20261201030000";

  @Test
  void theAgreedVeleroInstallLine() {
    assertThat(DrillCommands.veleroInstall(VeleroInstallOverSshTest.install("/etc/bosun/c"), TEMP))
        .isEqualTo(
            "sudo -n velero install --kubeconfig /etc/kubernetes/admin.conf --namespace 'velero'"
                + " --provider aws --plugins 'velero/velero-plugin-for-aws:v1.14.3' --bucket 'drill-scratch'"
                + " --backup-location-config 'region=us-east-1,s3ForcePathStyle=true,s3Url=http://10.0.9.1:9000'"
                + " --secret-file '" + TEMP + "' --use-volume-snapshots=false --wait");
    assertThat(DrillCommands.credentialsTempFile())
        .isEqualTo("umask 077 && mktemp /tmp/bosun-velero-credentials.XXXXXXXXXX");
    assertThat(DrillCommands.writeCredentials(TEMP)).isEqualTo("cat > '" + TEMP + "'");
    assertThat(DrillCommands.removeCredentials(TEMP)).isEqualTo("rm -f '" + TEMP + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/etc/shadow", "/tmp/bosun-velero-credentials.x; rm -rf /", "", "/tmp/../etc/x"})
  void onlyAFileMktempMadeIsWrittenOrRemoved(String path) {
    assertThatThrownBy(() -> DrillCommands.removeCredentials(path))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DrillCommands.writeCredentials(path))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCopyGoesIntoVelerosLayoutInTheScratchBucket() {
    OffHostTarget copy = new OffHostTarget(
        "rclone", "s3:velero", "nas:lab1", "/etc/bosun/rclone.conf", null, "/var/tmp/bosun");
    ScratchBucket bucket = new ScratchBucket("s3:drill-scratch", "/etc/bosun/rclone.conf");
    assertThat(DrillCommands.copyIntoScratch(copy, bucket, new OffHostEntry(NAME, 0, true, null)))
        .containsExactly(
            "rclone",
            "copy",
            "--config",
            "/etc/bosun/rclone.conf",
            "nas:lab1/" + NAME + "/velero",
            "s3:drill-scratch/backups/" + NAME,
            "--use-json-log",
            "-v",
            "--stats",
            "0");
    assertThat(DrillCommands.backupResourceList(bucket, NAME))
        .isEqualTo("s3:drill-scratch/backups/" + NAME + "/" + NAME + "-resource-list.json.gz");
    assertThat(DrillCommands.restoreResourceList(bucket, NAME + "-drill"))
        .isEqualTo("s3:drill-scratch/restores/" + NAME + "-drill/restore-" + NAME
            + "-drill-resource-list.json.gz");
  }
}
