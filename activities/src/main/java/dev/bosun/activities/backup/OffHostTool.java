package dev.bosun.activities.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostCopy.CopiedFile;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.StagedFile;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.rules.BackupRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The off-host copy on the worker's machine: copy, verify, list and delete with rclone, or with restic (whose input,
 * Velero's objects, is first copied by rclone into the staging folder). Commands from {@link OffHostCommands},
 * output read by {@link OffHostOutput}. Errors quote the tools' last lines with the restic password removed.
 */
final class OffHostTool {

  /** One tool run; longer than any home lab's copy, short of the activity's own timeout. */
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(110);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SshPool ssh;

  OffHostTool(SshPool ssh) {
    this.ssh = ssh;
  }

  OffHostCopy copy(OffHostTarget t, String backup, List<StagedFile> staged) {
    Path stage = stagingFolder(t, backup);
    if (t.restic()) {
      upload(t, staged);
      long copied = rcloneCopy(
          t, OffHostCommands.veleroObjects(t, backup), stage.resolve("velero").toString(), backup);
      ensureRepository(t);
      CommandResult r =
          run(t, OffHostCommands.resticBackup(t, backup, stage.toString()), null, "restic backup");
      OffHostOutput.ResticSummary summary = OffHostOutput.resticSummary(r.stdout());
      if (summary == null || summary.snapshotId() == null) {
        throw Failures.retryable(
            Failures.UNPARSEABLE_OUTPUT, "restic backup printed no summary with a snapshot id");
      }
      List<CopiedFile> files = OffHostOutput.resticFiles(
          run(t, OffHostCommands.resticList(t, summary.snapshotId()), null, "restic ls")
              .stdout(),
          stage.toString());
      return copy(
          t, backup, t.destination(), files, copied, false, summary.snapshotId(), List.of());
    }
    upload(t, staged);
    String folder = OffHostCommands.copyFolder(t, backup);
    long copied = rcloneCopy(
        t,
        OffHostCommands.veleroObjects(t, backup),
        OffHostCommands.join(folder, "velero"),
        backup);
    if (!staged.isEmpty()) {
      copied += rcloneCopy(
          t, stage.resolve("etcd").toString(), OffHostCommands.join(folder, "etcd"), null);
    }
    return copy(t, backup, folder, rcloneFiles(t, folder), copied, false, null, List.of());
  }

  OffHostCopy verify(OffHostTarget t, String backup, List<StagedFile> staged) {
    if (t.restic()) {
      CommandResult check = runUnchecked(t, OffHostCommands.resticCheck(t), null);
      if (!check.succeeded()) {
        throw Failures.nonRetryable(
            "OffHostVerifyFailed",
            "restic check exited " + check.exitCode() + ": "
                + redact(t, Failures.lastLines(check.stdout() + "\n" + check.stderr(), 4)));
      }
      OffHostOutput.ResticSnapshot snapshot = resticSnapshot(t, backup);
      run(t, OffHostCommands.resticMarkVerified(t, snapshot.id()), null, "restic tag");
      String id = resticSnapshot(t, backup).id(); // tagging rewrites the snapshot: a new id
      List<CopiedFile> files = OffHostOutput.resticFiles(
          run(t, OffHostCommands.resticList(t, id), null, "restic ls").stdout(),
          stagingFolder(t, backup).toString());
      return copy(t, backup, t.destination(), files, 0, true, id, List.of());
    }
    String folder = OffHostCommands.copyFolder(t, backup);
    List<String> differences = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    check(
        t,
        OffHostCommands.veleroObjects(t, backup),
        OffHostCommands.join(folder, "velero"),
        "velero/",
        differences,
        notes);
    if (!staged.isEmpty()) {
      check(
          t,
          stagingFolder(t, backup).resolve("etcd").toString(),
          OffHostCommands.join(folder, "etcd"),
          "etcd/",
          differences,
          notes);
    }
    if (!differences.isEmpty()) {
      throw Failures.nonRetryable(
          "OffHostVerifyFailed",
          "rclone check found " + differences.size() + " differences in " + folder + ": "
              + String.join("; ", differences));
    }
    List<CopiedFile> files = rcloneFiles(t, folder);
    run(
        t,
        OffHostCommands.rcloneWrite(
            t, OffHostCommands.join(folder, OffHostCommands.VERIFIED_MARKER)),
        marker(backup, files, staged),
        "rclone rcat");
    return copy(t, backup, folder, files, 0, true, null, notes);
  }

  List<OffHostEntry> list(OffHostTarget t) {
    List<OffHostEntry> entries = new ArrayList<>();
    if (t.restic()) {
      CommandResult r = runUnchecked(t, OffHostCommands.resticSnapshots(t), null);
      if (!r.succeeded()) {
        return entries; // no repository yet: no copies
      }
      for (OffHostOutput.ResticSnapshot s : OffHostOutput.resticSnapshots(r.stdout())) {
        String name = s.tags().stream()
            .filter(tag -> tag.startsWith("bosun-") && !tag.equals(OffHostCommands.VERIFIED_TAG))
            .findFirst()
            .orElse(null);
        if (name != null && BackupPlan.takenAt(name) > 0) {
          entries.add(new OffHostEntry(
              name,
              BackupPlan.takenAt(name),
              s.tags().contains(OffHostCommands.VERIFIED_TAG),
              s.id()));
        }
      }
      return entries;
    }
    CommandResult folders = runUnchecked(t, OffHostCommands.rcloneListFolders(t), null);
    if (folders.exitCode() == 3) {
      return entries; // the destination does not exist yet
    }
    requireOk(t, folders, "rclone lsjson");
    Set<String> verified = new TreeSet<>();
    for (String marker : OffHostOutput.rclonePaths(
        run(t, OffHostCommands.rcloneListMarkers(t), null, "rclone lsjson").stdout())) {
      verified.add(marker.substring(0, marker.indexOf('/')));
    }
    for (String name : OffHostOutput.rclonePaths(folders.stdout())) {
      // only Bosun's own folders: anything else in the destination is not retention's to touch
      if (BackupPlan.takenAt(name) > 0 && BackupRules.backupNameProblem(name) == null) {
        entries.add(
            new OffHostEntry(name, BackupPlan.takenAt(name), verified.contains(name), null));
      }
    }
    return entries;
  }

  void delete(OffHostTarget t, OffHostEntry entry) {
    if (t.restic()) {
      for (OffHostEntry e : list(t)) {
        if (e.backupName().equals(entry.backupName())) {
          run(t, OffHostCommands.resticForget(t, e.id()), null, "restic forget");
        }
      }
      return;
    }
    CommandResult r = runUnchecked(
        t, OffHostCommands.rclonePurge(t, OffHostCommands.copyFolder(t, entry.backupName())), null);
    if (r.exitCode() != 3) { // 3: already gone (a retry)
      requireOk(t, r, "rclone purge");
    }
  }

  /** This backup's staging folder, on the worker and on the host that ran the copy; symbolic links are not followed. */
  void removeStaging(OffHostTarget t, String backup) {
    Path stage = stagingFolder(t, backup);
    if (t.runOn() != null) {
      run(t, OffHostCommands.removeStaging(stage.toString()), null, "rm");
    }
    if (!Files.exists(stage, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> tree =
        Files.walk(stage)) { // walk does not follow links: a link is deleted, not its target
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw Failures.retryable(
          Failures.COMMAND_FAILED, "removing the staging folder " + stage + " on the worker: " + e);
    }
  }

  // ---- helpers ----

  /** rclone copy; the Velero objects must not be empty (a wrong source or backup name copies nothing, "successfully"). */
  private long rcloneCopy(OffHostTarget t, String from, String to, String backupForCheck) {
    CommandResult r = run(t, OffHostCommands.rcloneCopy(t, from, to), null, "rclone copy");
    long copied = OffHostOutput.copied(OffHostOutput.rcloneLog(r.stderr()));
    if (backupForCheck != null) {
      // rclone creates no destination folder when it copied nothing: lsjson then exits 3 (not
      // found)
      CommandResult ls = runUnchecked(t, OffHostCommands.rcloneListFiles(t, to), null);
      if (ls.exitCode() != 3) {
        requireOk(t, ls, "rclone lsjson");
      }
      if (ls.exitCode() == 3 || OffHostOutput.rcloneFiles(ls.stdout(), "").isEmpty()) {
        throw Failures.nonRetryable(
            "OffHostCopyEmpty",
            "no Velero objects under " + from
                + " (backup.offHost.source must be Velero's bucket as rclone names it)");
      }
    }
    return copied;
  }

  private void check(
      OffHostTarget t,
      String from,
      String to,
      String prefix,
      List<String> differences,
      List<String> notes) {
    CommandResult r = runUnchecked(t, OffHostCommands.rcloneCheck(t, from, to), null);
    OffHostOutput.CheckResult c = OffHostOutput.rcloneCheck(r.stdout(), r.stderr());
    c.differences().forEach(d -> differences.add(prefix + d));
    notes.addAll(c.notes());
    if (!r.succeeded() && c.clean()) {
      differences.add(prefix + ": rclone check exited " + r.exitCode() + ": "
          + redact(t, Failures.lastLines(r.stderr(), 3)));
    }
  }

  List<CopiedFile> rcloneFiles(OffHostTarget t, String folder) {
    return OffHostOutput.rcloneFiles(
        run(t, OffHostCommands.rcloneListFiles(t, folder), null, "rclone lsjson")
            .stdout(),
        "");
  }

  private void ensureRepository(OffHostTarget t) {
    if (!runUnchecked(t, OffHostCommands.resticCatConfig(t), null).succeeded()) {
      run(t, OffHostCommands.resticInit(t), null, "restic init");
    }
  }

  private OffHostOutput.ResticSnapshot resticSnapshot(OffHostTarget t, String backup) {
    return OffHostOutput.resticSnapshots(
            run(t, OffHostCommands.resticSnapshots(t), null, "restic snapshots").stdout())
        .stream()
        .filter(s -> s.tags().contains(backup))
        .reduce((a, b) -> b)
        .orElseThrow(() -> Failures.nonRetryable(
            "OffHostVerifyFailed", "restic has no snapshot tagged " + backup));
  }

  /** The verified marker: every file with its size and checksum, and the staged files' SHA-256 from the node. */
  private static String marker(String backup, List<CopiedFile> files, List<StagedFile> staged) {
    ObjectNode m = JSON.createObjectNode();
    m.put("backup", backup);
    var list = m.putArray("files");
    files.forEach(f ->
        list.addObject().put("path", f.path()).put("size", f.size()).put("checksum", f.checksum()));
    var nodeFiles = m.putArray("staged");
    staged.forEach(s -> nodeFiles
        .addObject()
        .put("name", s.name())
        .put("node", s.node())
        .put("sha256", s.sha256()));
    return m.toString();
  }

  private static OffHostCopy copy(
      OffHostTarget t,
      String backup,
      String location,
      List<CopiedFile> files,
      long transfers,
      boolean verified,
      String snapshotId,
      List<String> notes) {
    long bytes = files.stream().mapToLong(CopiedFile::size).sum();
    return new OffHostCopy(
        t.tool(), backup, location, files, bytes, transfers, verified, snapshotId, notes);
  }

  static Path stagingFolder(OffHostTarget t, String backup) {
    return Path.of(LocalPaths.expand(t.stagingDir()), backup);
  }

  CommandResult run(OffHostTarget t, List<String> argv, String stdin, String what) {
    return requireOk(t, runUnchecked(t, argv, stdin), what);
  }

  CommandResult requireOk(OffHostTarget t, CommandResult r, String what) {
    if (!r.succeeded()) {
      List<String> errors = what.startsWith("restic")
          ? OffHostOutput.resticErrors(r.stderr())
          : OffHostOutput.errors(OffHostOutput.rcloneLog(r.stderr()));
      String why = errors.isEmpty() ? Failures.lastLines(r.stderr(), 3) : String.join("; ", errors);
      throw Failures.retryable(
          Failures.COMMAND_FAILED, what + " exited " + r.exitCode() + ": " + redact(t, why));
    }
    return r;
  }

  CommandResult runUnchecked(OffHostTarget t, List<String> argv, String stdin) {
    if (t.runOn() == null) {
      return LocalTool.run(argv, env(t), stdin, RUN_TIMEOUT, Heartbeat.current());
    }
    if (argv.get(0).equals("restic")) {
      // the password travels as the command's standard input, which the SSH layer treats as secret
      String password = env(t).get(OffHostCommands.RESTIC_PASSWORD);
      return ssh.runWithInput(
          t.runOn(),
          OffHostCommands.shellLine(OffHostCommands.passwordFromStdin(argv)),
          password,
          RUN_TIMEOUT);
    }
    String line = OffHostCommands.shellLine(argv);
    return stdin == null
        ? ssh.run(t.runOn(), line, RUN_TIMEOUT, Heartbeat.current())
        : ssh.runWithInput(t.runOn(), line, stdin);
  }

  /** The staged files (the etcd snapshot, on the worker) onto the host that runs the copy, at the same path. */
  private void upload(OffHostTarget t, List<StagedFile> staged) {
    if (t.runOn() == null) {
      return;
    }
    for (StagedFile f : staged) {
      // streamed, not held in memory (GBs); then the host's own SHA-256 must be the node's
      String command = Failures.validInput(() -> OffHostCommands.upload(f.localPath()));
      CommandResult r = ssh.runWithInput(t.runOn(), command, Path.of(f.localPath()));
      if (!r.succeeded()) {
        throw Failures.retryable(
            Failures.COMMAND_FAILED,
            t.runOn().node() + ": uploading " + f.localPath() + " exited " + r.exitCode() + ": "
                + Failures.lastLines(r.stderr(), 3));
      }
      CommandResult sum = ssh.run(t.runOn(), OffHostCommands.sha256(f.localPath()));
      String got = sum.succeeded() ? sum.stdout().strip().split("\\s+")[0] : "";
      if (!got.equals(f.sha256())) {
        throw Failures.retryable(
            Failures.COMMAND_FAILED,
            t.runOn().node() + ": the uploaded " + f.localPath() + " has sha256 "
                + (got.isEmpty() ? "(none: " + Failures.lastLines(sum.stderr(), 1) + ")" : got)
                + ", the node's is " + f.sha256());
      }
    }
  }

  /** restic's password, read from the variable the inventory names, for restic's environment only. */
  private static Map<String, String> env(OffHostTarget t) {
    if (!t.restic()) {
      return Map.of();
    }
    String password = System.getenv(t.passwordEnv());
    if (password == null || password.isEmpty()) {
      throw Failures.nonRetryable(
          Failures.INVALID_INPUT,
          "backup.offHost.passwordEnv names " + t.passwordEnv()
              + ", which is not set on the worker");
    }
    return Map.of(OffHostCommands.RESTIC_PASSWORD, password);
  }

  static String redact(OffHostTarget t, String text) {
    if (t.restic()) {
      String password = System.getenv(t.passwordEnv());
      if (password != null && !password.isEmpty()) {
        return text.replace(password, "***");
      }
    }
    return text;
  }
}
