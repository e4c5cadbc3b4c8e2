package dev.bosun.activities.backup;

import dev.bosun.activities.ssh.ShellQuote;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.ScratchBucket;
import dev.bosun.workflows.activities.VeleroInstall;
import dev.bosun.workflows.model.HostTarget;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every command of the restore drill: on the scratch cluster's first control plane, {@code velero install} with its
 * credentials file (a 0600 temp file made by {@code mktemp}, written from the SSH channel's input, removed after);
 * on the worker, the rclone/restic runs that put an off-host copy into the scratch bucket (built from
 * {@link OffHostCommands}: one place for the tools' flags). Pure; no credentials in any line.
 */
public final class DrillCommands {

  /** The admin kubeconfig kubeadm wrote on the scratch control plane: velero reads it as root. */
  static final String ADMIN_CONF = "/etc/kubernetes/admin.conf";

  /** What {@link #credentialsTempFile} prints: the only path the other commands accept. */
  static final Pattern TEMP_FILE =
      Pattern.compile("/tmp/bosun-velero-credentials\\.[A-Za-z0-9]{10}");

  private DrillCommands() {}

  // ---- on the scratch control plane (over SSH) ----

  /** A new empty file only the SSH user can read (mktemp's 0600, and umask for good measure); prints its path. */
  static String credentialsTempFile() {
    return "umask 077 && mktemp /tmp/bosun-velero-credentials.XXXXXXXXXX";
  }

  /** Writes the channel's input (the credentials' bytes) into the temp file. */
  static String writeCredentials(String tempFile) {
    return "cat > " + ShellQuote.path(requireTemp(tempFile));
  }

  /**
   * {@code sudo -n velero install ... --secret-file FILE --wait}: Velero on the scratch cluster, its default location
   * at the scratch bucket (path-style S3, as s3proxy and MinIO want), no volume snapshots; root only to read
   * {@value #ADMIN_CONF}.
   */
  static String veleroInstall(VeleroInstall i, String tempFile) {
    return "sudo -n velero install --kubeconfig " + ADMIN_CONF
        + " --namespace " + ShellQuote.quote(i.namespace())
        + " --provider aws"
        + " --plugins " + ShellQuote.quote(i.plugins())
        + " --bucket " + ShellQuote.quote(i.bucket())
        + " --backup-location-config " + ShellQuote.quote(locationConfig(i))
        + " --secret-file " + ShellQuote.path(requireTemp(tempFile))
        + " --use-volume-snapshots=false --wait";
  }

  /** The location's config: {@code region=R,s3ForcePathStyle=true,s3Url=URL} (DrillRules refuses a ',' in either). */
  static String locationConfig(VeleroInstall i) {
    return "region=" + i.region() + ",s3ForcePathStyle=true,s3Url=" + i.s3Url();
  }

  static String removeCredentials(String tempFile) {
    return "rm -f " + ShellQuote.path(requireTemp(tempFile));
  }

  // ---- the scratch bucket (rclone on the worker, or on backup.offHost.runOn) ----

  /** The scratch bucket as an rclone target: the copy's rclone config and host, the bucket as source and destination. */
  static OffHostTarget scratch(OffHostTarget copy, ScratchBucket bucket) {
    return scratch(bucket, copy.stagingDir(), copy.runOn());
  }

  static OffHostTarget scratch(ScratchBucket bucket, String stagingDir, HostTarget runOn) {
    return new OffHostTarget(
        "rclone", bucket.remote(), bucket.remote(), bucket.rcloneConfig(), null, stagingDir, runOn);
  }

  /** Where Velero looks for a backup's objects in a bucket: {@code backups/<name>/}. */
  static String backupFolder(ScratchBucket bucket, String backup) {
    return OffHostCommands.join(bucket.remote(), "backups/" + backup);
  }

  /** Velero's own record of what a Restore restored, written into the bucket even by a ReadOnly location. */
  static String restoreResourceList(ScratchBucket bucket, String restore) {
    return OffHostCommands.join(
        bucket.remote(), "restores/" + restore + "/restore-" + restore + "-resource-list.json.gz");
  }

  static String backupResourceList(ScratchBucket bucket, String backup) {
    return OffHostCommands.join(backupFolder(bucket, backup), backup + "-resource-list.json.gz");
  }

  /** rclone: the copy's Velero objects ({@code <destination>/<backup>/velero/}) into the scratch bucket. */
  static List<String> copyIntoScratch(OffHostTarget copy, ScratchBucket bucket, OffHostEntry e) {
    return OffHostCommands.rcloneCopy(
        scratch(copy, bucket),
        OffHostCommands.join(OffHostCommands.copyFolder(copy, e.backupName()), "velero"),
        backupFolder(bucket, e.backupName()));
  }

  /** restic: the copy's snapshot restored into a staging folder (then rclone copies its velero/ folder). */
  static List<String> resticRestore(OffHostTarget copy, String snapshotId, String targetDir) {
    return OffHostCommands.resticRestore(copy, snapshotId, targetDir);
  }

  private static String requireTemp(String path) {
    if (path == null || !TEMP_FILE.matcher(path).matches()) {
      throw new IllegalArgumentException("not a credentials temp file made by mktemp");
    }
    return path;
  }
}
