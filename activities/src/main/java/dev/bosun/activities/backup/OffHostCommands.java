package dev.bosun.activities.backup;

import dev.bosun.activities.ssh.ShellQuote;
import dev.bosun.workflows.activities.OffHostTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * Every rclone and restic command line of the off-host copy, and the two node commands that fetch a file off a
 * control plane. Pure: argument lists (run without a shell) and no credentials: rclone reads its remotes from
 * {@code --config PATH}, restic its password from the child's environment ({@link #RESTIC_PASSWORD}, copied from
 * the variable the inventory names).
 *
 * <p>Layout of a copy: rclone puts each backup in its own folder, {@code <destination>/<backup>/velero/} (Velero's
 * {@code backups/<backup>/} objects), {@code <destination>/<backup>/etcd/} (the staged etcd snapshot) and, once
 * verified, {@code <destination>/<backup>/bosun-verified.json}. restic backs up {@code <stagingDir>/<backup>/} (the
 * same two folders) as one snapshot tagged {@code bosun} and {@code <backup>}, tagged {@code bosun-verified} once
 * {@code restic check} passed.
 */
public final class OffHostCommands {

  public static final String VERIFIED_MARKER = "bosun-verified.json";
  public static final String TAG = "bosun";
  public static final String VERIFIED_TAG = "bosun-verified";
  /** The environment variable restic reads its password from; set only in restic's own environment. */
  public static final String RESTIC_PASSWORD = "RESTIC_PASSWORD";
  /**
   * How much of the repository's data {@code restic check} reads back: all of it, since a copy is only "verified"
   * when its bytes were read; a large repository can trade this for time.
   */
  public static final String READ_DATA_SUBSET = "100%";

  private OffHostCommands() {}

  // ---- rclone ----

  /** Velero's objects of one backup in the bucket. */
  public static String veleroObjects(OffHostTarget t, String backup) {
    return join(t.source(), "backups/" + backup);
  }

  /** One backup's folder on an rclone destination. */
  public static String copyFolder(OffHostTarget t, String backup) {
    return join(t.destination(), backup);
  }

  /** {@code rclone copy SRC DST --use-json-log -v --stats 0}: every copied object as a JSON log line. */
  public static List<String> rcloneCopy(OffHostTarget t, String from, String to) {
    return rclone(t, "copy", from, to, "--use-json-log", "-v", "--stats", "0");
  }

  /** {@code rclone check SRC DST --use-json-log --combined -}: a line per file (= same, * differs, + - missing). */
  public static List<String> rcloneCheck(OffHostTarget t, String from, String to) {
    return rclone(t, "check", from, to, "--use-json-log", "--combined", "-");
  }

  /** {@code rclone lsjson -R --files-only --hash --hash-type MD5 PATH}: the copy's files with size and MD5. */
  public static List<String> rcloneListFiles(OffHostTarget t, String path) {
    return rclone(t, "lsjson", "-R", "--files-only", "--hash", "--hash-type", "MD5", path);
  }

  /** The backup folders on the destination. */
  public static List<String> rcloneListFolders(OffHostTarget t) {
    return rclone(t, "lsjson", "--dirs-only", t.destination());
  }

  /** The verified markers one level down: a folder that has one is a verified copy. */
  public static List<String> rcloneListMarkers(OffHostTarget t) {
    return rclone(
        t,
        "lsjson",
        "-R",
        "--max-depth",
        "2",
        "--files-only",
        "--include",
        "/*/" + VERIFIED_MARKER,
        t.destination());
  }

  /** {@code rclone rcat PATH}: writes its standard input to PATH (the verified marker). */
  public static List<String> rcloneWrite(OffHostTarget t, String path) {
    return rclone(t, "rcat", path);
  }

  /** {@code rclone purge PATH}: the folder and everything in it (exit 3 when it is already gone). */
  public static List<String> rclonePurge(OffHostTarget t, String path) {
    return rclone(t, "purge", path);
  }

  // ---- restic ----

  /** Exit 0 when the repository exists (restic 0.14 has no distinct exit code for "no repository"). */
  public static List<String> resticCatConfig(OffHostTarget t) {
    return restic(t, "cat", "config");
  }

  public static List<String> resticInit(OffHostTarget t) {
    return restic(t, "init");
  }

  /** {@code restic backup --json}: status lines, then a summary with the snapshot id. */
  public static List<String> resticBackup(OffHostTarget t, String backup, String folder) {
    return restic(t, "backup", "--json", "--host", TAG, "--tag", TAG, "--tag", backup, folder);
  }

  /** {@code restic check --read-data-subset=…}: reads the data back; exit 0 when the repository is sound. */
  public static List<String> resticCheck(OffHostTarget t) {
    return restic(t, "check", "--read-data-subset=" + READ_DATA_SUBSET);
  }

  public static List<String> resticSnapshots(OffHostTarget t) {
    return restic(t, "snapshots", "--json", "--tag", TAG);
  }

  /** {@code restic ls --json ID}: the snapshot's files with sizes. */
  public static List<String> resticList(OffHostTarget t, String snapshotId) {
    return restic(t, "ls", "--json", requireId(snapshotId));
  }

  /** {@code restic restore ID --target DIR}: the snapshot's files under DIR, at their backed-up paths. */
  public static List<String> resticRestore(OffHostTarget t, String snapshotId, String targetDir) {
    return restic(t, "restore", requireId(snapshotId), "--target", targetDir);
  }

  /** {@code rclone cat PATH}: one object's bytes on standard output. */
  public static List<String> rcloneCat(OffHostTarget t, String path) {
    return rclone(t, "cat", path);
  }

  /** {@code rclone copyto SRC DST}: one object to one local file. */
  public static List<String> rcloneCopyTo(OffHostTarget t, String from, String to) {
    return rclone(t, "copyto", from, to);
  }

  public static List<String> resticMarkVerified(OffHostTarget t, String snapshotId) {
    return restic(t, "tag", "--add", VERIFIED_TAG, requireId(snapshotId));
  }

  public static List<String> resticForget(OffHostTarget t, String snapshotId) {
    return restic(t, "forget", "--prune", requireId(snapshotId));
  }

  // ---- on the inventory host that runs the copy (backup.offHost.runOn) ----

  /** An argument list as one shell line for SSH, every argument single-quoted. */
  public static String shellLine(List<String> argv) {
    return String.join(" ", argv.stream().map(ShellQuote::quote).toList());
  }

  /** restic over SSH reads its password from standard input (never the command line or the remote environment). */
  public static List<String> passwordFromStdin(List<String> resticArgv) {
    List<String> argv = new ArrayList<>(resticArgv.subList(0, 1));
    argv.add("--password-file");
    argv.add("/dev/stdin");
    argv.addAll(resticArgv.subList(1, resticArgv.size()));
    return List.copyOf(argv);
  }

  /**
   * Writes standard input (the file's raw bytes) to {@code path} on the host, creating its folder: a staged file
   * uploaded. Through {@code path.part} and a rename: on the worker's own machine the path is the file being sent.
   */
  public static String upload(String path) {
    String quoted = ShellQuote.path(path);
    String part = ShellQuote.path(path + ".part");
    String dir = ShellQuote.path(path.substring(0, path.lastIndexOf('/')));
    return "mkdir -p " + dir + " && cat > " + part + " && mv -f " + part + " " + quoted;
  }

  /** {@code sha256sum} of the user's own file on the host that runs the copy (no sudo). */
  public static String sha256(String path) {
    return "sha256sum " + ShellQuote.path(path);
  }

  /** A verified backup's staging folder on the host that ran the copy (the user's own folder: no sudo). */
  public static List<String> removeStaging(String folder) {
    ShellQuote.path(folder);
    return List.of("rm", "-rf", "--", folder);
  }

  // ---- on the node (over SSH) ----

  /** {@code sha256sum} of a root-owned file on a node. */
  public static String nodeSha256(String path) {
    return "sudo -n sha256sum " + ShellQuote.path(path);
  }

  /**
   * The file's raw bytes on standard output: an SSH exec channel without a terminal carries bytes unchanged, and the
   * worker streams them straight to disk (an etcd snapshot of a large cluster is GBs).
   */
  public static String nodeCat(String path) {
    return "sudo -n cat " + ShellQuote.path(path);
  }

  // ---- helpers ----

  private static List<String> rclone(OffHostTarget t, String... args) {
    List<String> argv = new ArrayList<>(List.of("rclone", args[0]));
    if (t.rcloneConfig() != null) {
      argv.add("--config");
      argv.add(LocalPaths.expand(t.rcloneConfig()));
    }
    argv.addAll(List.of(args).subList(1, args.length));
    return List.copyOf(argv);
  }

  private static List<String> restic(OffHostTarget t, String... args) {
    List<String> argv = new ArrayList<>(List.of("restic", "-r", t.destination(), "--no-cache"));
    argv.addAll(List.of(args));
    return List.copyOf(argv);
  }

  private static String requireId(String id) {
    if (id == null || !id.matches("[0-9a-f]{8,64}")) {
      throw new IllegalArgumentException("not a restic snapshot id");
    }
    return id;
  }

  /** {@code remote:path} + sub, or a local directory + sub. */
  static String join(String base, String sub) {
    return base.endsWith("/") || base.endsWith(":") ? base + sub : base + "/" + sub;
  }
}
