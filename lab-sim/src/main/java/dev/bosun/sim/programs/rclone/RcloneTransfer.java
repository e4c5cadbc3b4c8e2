package dev.bosun.sim.programs.rclone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.sim.programs.rclone.RcloneLog.Level;
import java.util.Map;

/**
 * {@code rclone copy|sync|copyto SRC DST}: a file is copied when it is new or its size differs, or its
 * modification time differs and its MD5 too (an equal MD5 only takes the source's time, as rclone does); sync then
 * deletes what the source lacks. Each transfer is an INFO line ({@code Copied (new)}, {@code Copied (replaced
 * existing)}, {@code Deleted}), rclone's own source lines included; a missing source is rclone's three attempts,
 * the stats line and exit 3.
 */
final class RcloneTransfer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RcloneTransfer() {}

  /**
   * @param statsAtEnd rclone's {@code --stats} interval is not 0 (its default is 1m): the closing stats line is
   *     logged (at INFO) even when nothing failed
   */
  static void run(String command, RcloneFs src, RcloneFs dst, boolean statsAtEnd, RcloneLog log) {
    long[] moved = {0, 0}; // files, bytes
    if (src.isFile()) {
      boolean to = command.equals("copyto");
      copyOne(
          src.parent(),
          src.name(),
          to ? dst.parent() : dst,
          to ? dst.name() : src.name(),
          moved,
          log);
    } else {
      copyTree(command, src, dst, moved, log);
    }
    if (statsAtEnd) {
      log.log(
          Level.INFO,
          "\nTransferred:   \t"
              + String.format("%11d B / %d B, 100%%, 0 B/s, ETA -", moved[1], moved[1])
              + "\nTransferred:            " + moved[0] + " / " + moved[0] + ", 100%"
              + "\nElapsed time:         0.0s\n\n",
          null,
          null,
          "accounting/stats.go:482",
          stats(moved[0], moved[1], null));
    }
  }

  private static void copyTree(
      String command, RcloneFs src, RcloneFs dst, long[] moved, RcloneLog log) {
    if (!src.exists()) {
      for (int attempt = 1; attempt <= 3; attempt++) {
        log.sourceNotFound(src);
        log.log(
            Level.ERROR,
            "Attempt " + attempt + "/3 failed with 1 errors and: directory not found",
            null,
            null,
            "cmd/cmd.go:283");
      }
      log.log(
          Level.INFO,
          "\nTransferred:   \t          0 B / 0 B, -, 0 B/s, ETA -\n"
              + "Errors:                 1 (retrying may help)\nElapsed time:         0.0s\n\n",
          null,
          null,
          "accounting/stats.go:482",
          stats(0, 0, "directory not found"));
      throw new RcloneRemotes.Failure(
          3,
          "Failed to " + (command.equals("copyto") ? "copy" : command) + ": directory not found");
    }
    Map<String, RcloneFs.Entry> from = src.files();
    Map<String, RcloneFs.Entry> to = dst.files();
    int transfers = 0;
    for (RcloneFs.Entry e : from.values()) {
      RcloneFs.Entry there = to.get(e.path());
      if (there != null && unchanged(src, e, dst, there)) {
        continue;
      }
      dst.copyIn(src, e.path(), e.path(), e.modTime());
      transfers++;
      moved[0]++;
      moved[1] += e.size();
      log.log(
          Level.INFO,
          there == null ? "Copied (new)" : "Copied (replaced existing)",
          e.path(),
          src.objectType(), // rclone logs the source object
          "operations/operations.go:566");
    }
    if (command.equals("sync")) {
      for (String extra : to.keySet()) {
        if (!from.containsKey(extra)) {
          dst.delete(extra);
          log.log(Level.INFO, "Deleted", extra, dst.objectType(), "operations/operations.go:721");
        }
      }
    }
    if (transfers == 0) {
      log.log(Level.INFO, "There was nothing to transfer", null, null, "sync/sync.go:939");
    }
  }

  private static void copyOne(
      RcloneFs srcDir,
      String srcName,
      RcloneFs dstDir,
      String dstName,
      long[] moved,
      RcloneLog log) {
    RcloneFs.Entry e = srcDir.files().get(srcName);
    RcloneFs.Entry there = dstDir.files().get(dstName);
    if (there != null && unchanged(srcDir, e, dstDir, there)) {
      log.log(Level.INFO, "There was nothing to transfer", null, null, "sync/sync.go:939");
      return;
    }
    dstDir.copyIn(srcDir, srcName, dstName, e.modTime());
    moved[0]++;
    moved[1] += e.size();
    String how = there == null ? "Copied (new)" : "Copied (replaced existing)";
    if (srcName.equals(dstName)) {
      log.log(Level.INFO, how, dstName, srcDir.objectType(), "operations/operations.go:566");
    } else {
      log.log(
          Level.INFO,
          how + " to: " + dstName,
          srcName,
          srcDir.objectType(),
          "operations/operations.go:564");
    }
  }

  /** Same size, and the same time or (the time differing) the same MD5, whose time the copy then takes. */
  private static boolean unchanged(
      RcloneFs src, RcloneFs.Entry e, RcloneFs dst, RcloneFs.Entry there) {
    if (e.size() != there.size()) {
      return false;
    }
    if (e.modTime().equals(there.modTime())) {
      return true;
    }
    if (src.md5(e.path()).equals(dst.md5(there.path()))) {
      dst.setModTime(there.path(), e.modTime());
      return true;
    }
    return false;
  }

  /** rc's core/stats object: {@code lastError} only after an error. */
  private static ObjectNode stats(long files, long bytes, String lastError) {
    ObjectNode s = JSON.createObjectNode();
    s.put("bytes", bytes).put("checks", 0).put("deletedDirs", 0).put("deletes", 0);
    s.put("elapsedTime", 0.0).put("errors", lastError == null ? 0 : 1).putNull("eta");
    s.put("fatalError", false);
    if (lastError != null) {
      s.put("lastError", lastError);
    }
    s.put("renames", 0).put("retryError", lastError != null).put("speed", 0);
    s.put("totalBytes", bytes).put("totalChecks", 0).put("totalTransfers", files);
    s.put("transferTime", 0).put("transfers", files);
    return s;
  }
}
