package dev.bosun.activities.backup;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.activities.Failures;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.OffHostCopy.CopiedFile;
import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.activities.ScratchBucket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The drill's side of the off-host copy: a copy verified again against its own record (rclone: every file's MD5
 * against {@code bosun-verified.json}; restic: {@code restic check} and the snapshot's {@code bosun-verified} tag),
 * restored into the scratch bucket in Velero's layout, and what that bucket holds (MD5s, Velero's resource lists).
 * The tools run where the backup's ran ({@link OffHostTool}).
 */
final class DrillCopies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OffHostTool tool;
  private final SshPool ssh;

  DrillCopies(OffHostTool tool, SshPool ssh) {
    this.tool = tool;
    this.ssh = ssh;
  }

  OffHostCopy verify(OffHostTarget t, OffHostEntry e) {
    if (t.restic()) {
      CommandResult check = tool.runUnchecked(t, OffHostCommands.resticCheck(t), null);
      if (!check.succeeded()) {
        throw Failures.nonRetryable(
            "OffHostVerifyFailed",
            "restic check exited " + check.exitCode() + ": "
                + OffHostTool.redact(
                    t, Failures.lastLines(check.stdout() + "\n" + check.stderr(), 4)));
      }
      if (!e.verified() || e.id() == null) {
        throw Failures.nonRetryable(
            "OffHostVerifyFailed", e.backupName() + " has no snapshot tagged bosun-verified");
      }
      List<CopiedFile> files = OffHostOutput.resticFiles(
          tool.run(t, OffHostCommands.resticList(t, e.id()), null, "restic ls").stdout(),
          OffHostTool.stagingFolder(t, e.backupName()).toString());
      return new OffHostCopy(
          "restic",
          e.backupName(),
          t.destination(),
          files,
          bytes(files),
          0,
          true,
          e.id(),
          List.of());
    }
    String folder = OffHostCommands.copyFolder(t, e.backupName());
    CommandResult marker = tool.runUnchecked(
        t,
        OffHostCommands.rcloneCat(t, OffHostCommands.join(folder, OffHostCommands.VERIFIED_MARKER)),
        null);
    if (!marker.succeeded()) {
      throw Failures.nonRetryable(
          "OffHostVerifyFailed",
          folder + " has no " + OffHostCommands.VERIFIED_MARKER + ": the copy never verified");
    }
    List<CopiedFile> now = tool.rcloneFiles(t, folder).stream()
        .filter(f -> !f.path().equals(OffHostCommands.VERIFIED_MARKER))
        .toList();
    List<String> differences = differences(recorded(marker.stdout()), now);
    if (!differences.isEmpty()) {
      throw Failures.nonRetryable(
          "OffHostVerifyFailed",
          "the copy in " + folder + " no longer matches " + OffHostCommands.VERIFIED_MARKER + ": "
              + String.join("; ", differences));
    }
    return new OffHostCopy(
        "rclone", e.backupName(), folder, now, bytes(now), 0, true, null, List.of());
  }

  /** The copy's Velero objects into {@code backups/<name>/} of the scratch bucket; then their MD5s there. */
  Map<String, String> restoreIntoScratch(OffHostTarget t, OffHostEntry e, ScratchBucket bucket) {
    OffHostTarget scratch = DrillCommands.scratch(t, bucket);
    if (t.restic()) {
      Path target = OffHostTool.stagingFolder(t, e.backupName() + "-drill");
      tool.run(
          t, DrillCommands.resticRestore(t, e.id(), target.toString()), null, "restic restore");
      // restic restores at the backed-up path: <target>/<stagingDir>/<backup>/velero
      String velero = target
          + OffHostTool.stagingFolder(t, e.backupName()).resolve("velero").toString();
      tool.run(
          scratch,
          OffHostCommands.rcloneCopy(
              scratch, velero, DrillCommands.backupFolder(bucket, e.backupName())),
          null,
          "rclone copy");
    } else {
      tool.run(scratch, DrillCommands.copyIntoScratch(t, bucket, e), null, "rclone copy");
    }
    return checksums(t, bucket, e.backupName());
  }

  /** Every object under {@code backups/<name>/} of the scratch bucket → its MD5. */
  Map<String, String> checksums(OffHostTarget t, ScratchBucket bucket, String backup) {
    OffHostTarget scratch = DrillCommands.scratch(t, bucket);
    Map<String, String> m = new TreeMap<>();
    for (CopiedFile f : tool.rcloneFiles(scratch, DrillCommands.backupFolder(bucket, backup))) {
      m.put(
          f.path(),
          f.checksum() != null && f.checksum().startsWith("md5:") ? f.checksum().substring(4) : "");
    }
    return m;
  }

  /** A gzipped Velero resource list in the scratch bucket: kind → items. */
  Map<String, List<String>> resourceList(OffHostTarget t, ScratchBucket bucket, String path) {
    OffHostTarget scratch = DrillCommands.scratch(t, bucket);
    byte[] gz;
    if (t.runOn() == null) {
      Path local = OffHostTool.stagingFolder(t, "resource-lists")
          .resolve(Path.of(path).getFileName().toString());
      try {
        Files.createDirectories(local.getParent());
        tool.run(
            scratch,
            OffHostCommands.rcloneCopyTo(scratch, path, local.toString()),
            null,
            "rclone copyto");
        gz = Files.readAllBytes(local);
        Files.deleteIfExists(local);
      } catch (IOException ex) {
        throw new UncheckedIOException("reading " + local + " on the worker", ex);
      }
    } else {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CommandResult r = ssh.runToStream(
          t.runOn(),
          OffHostCommands.shellLine(OffHostCommands.rcloneCat(scratch, path)),
          out,
          OffHostTool.RUN_TIMEOUT);
      tool.requireOk(scratch, r, "rclone cat");
      gz = out.toByteArray();
    }
    return resourceList(gz);
  }

  /** Velero's resource list format: a gzipped JSON object, {@code "apps/v1/Deployment": ["shop/web"]}. */
  static Map<String, List<String>> resourceList(byte[] gz) {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return new TreeMap<>(JSON.readValue(in, new TypeReference<Map<String, List<String>>>() {}));
    } catch (IOException e) {
      throw Failures.nonRetryable(
          Failures.UNPARSEABLE_OUTPUT,
          "a Velero resource list is not gzipped JSON: " + e.getMessage());
    }
  }

  /** The files {@code bosun-verified.json} recorded (path, size, checksum). */
  static List<CopiedFile> recorded(String marker) {
    try {
      List<CopiedFile> files = new ArrayList<>();
      for (JsonNode f : JSON.readTree(marker).path("files")) {
        files.add(new CopiedFile(
            f.path("path").asText(), f.path("size").asLong(), f.path("checksum").asText(null)));
      }
      return files;
    } catch (IOException e) {
      throw Failures.nonRetryable(
          "OffHostVerifyFailed",
          OffHostCommands.VERIFIED_MARKER + " is not JSON: " + e.getMessage());
    }
  }

  /** What differs between the recorded files and those there now: missing, added, size or checksum changed. */
  static List<String> differences(List<CopiedFile> recorded, List<CopiedFile> now) {
    Map<String, CopiedFile> there = new TreeMap<>();
    now.forEach(f -> there.put(f.path(), f));
    List<String> d = new ArrayList<>();
    for (CopiedFile r : recorded) {
      CopiedFile n = there.remove(r.path());
      if (n == null) {
        d.add(r.path() + " missing");
      } else if (n.size() != r.size()) {
        d.add(r.path() + " size " + n.size() + ", recorded " + r.size());
      } else if (r.checksum() != null
          && n.checksum() != null
          && !r.checksum().equals(n.checksum())) {
        d.add(r.path() + " " + n.checksum() + ", recorded " + r.checksum());
      }
    }
    there.keySet().forEach(p -> d.add(p + " not recorded"));
    return d;
  }

  private static long bytes(List<CopiedFile> files) {
    return files.stream().mapToLong(CopiedFile::size).sum();
  }
}
