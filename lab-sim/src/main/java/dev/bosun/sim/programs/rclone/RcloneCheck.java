package dev.bosun.sim.programs.rclone;

import dev.bosun.sim.programs.rclone.RcloneLog.Level;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code rclone check SRC DST [--combined -]}: sizes, then MD5s, compared file by file. {@code --combined} lines
 * ({@code = same}, {@code * differs}, {@code + only in SRC}, {@code - only in DST}), an ERROR line per difference
 * and rclone's NOTICE summary, with rclone 1.60's messages and source lines; exit 1 on differences, 3 when SRC is
 * not a directory. A missing DST is no error of its own: every file is then missing from it.
 */
final class RcloneCheck {

  private RcloneCheck() {}

  /** The {@code --combined} text (empty when not asked for); failures throw. */
  static String run(RcloneFs src, RcloneFs dst, boolean oneWay, RcloneLog log) {
    StringBuilder combined = new StringBuilder();
    if (!src.exists()) {
      log.sourceNotFound(src);
      summary(dst, 1, 0, log);
      throw new RcloneRemotes.Failure(3, "Failed to check: directory not found");
    }
    Map<String, RcloneFs.Entry> from = src.files();
    Map<String, RcloneFs.Entry> to = dst.files();
    int missingFromDst = 0;
    int missingFromSrc = 0;
    int errors = 0;
    int matches = 0;
    TreeSet<String> all = new TreeSet<>(from.keySet());
    all.addAll(to.keySet());
    for (String path : all) {
      RcloneFs.Entry a = from.get(path);
      RcloneFs.Entry b = to.get(path);
      if (a == null) {
        if (oneWay) {
          continue;
        }
        combined.append("- ").append(path).append('\n');
        log.log(
            Level.ERROR,
            "file not in " + src.describe(),
            path,
            dst.objectType(),
            "operations/check.go:84");
        missingFromSrc++;
        errors++;
      } else if (b == null) {
        combined.append("+ ").append(path).append('\n');
        log.log(
            Level.ERROR,
            "file not in " + dst.describe(),
            path,
            src.objectType(),
            "operations/check.go:106");
        missingFromDst++;
        errors++;
      } else if (a.size() != b.size()) {
        combined.append("* ").append(path).append('\n');
        log.log(Level.ERROR, "sizes differ", path, src.objectType(), "operations/check.go:129");
        errors++;
      } else if (!src.md5(path).equals(dst.md5(path))) {
        combined.append("* ").append(path).append('\n');
        log.log(Level.ERROR, "md5 differ", path, src.objectType(), "operations/check.go:284");
        errors++;
      } else {
        combined.append("= ").append(path).append('\n');
        matches++;
      }
    }
    if (missingFromDst > 0) {
      log.log(
          Level.NOTICE,
          missingFromDst + " files missing",
          dst.describe(),
          dst.fsType(),
          "operations/check.go:239");
    }
    if (missingFromSrc > 0) {
      log.log(
          Level.NOTICE,
          missingFromSrc + " files missing",
          src.describe(),
          src.fsType(),
          "operations/check.go:246");
    }
    summary(dst, errors, matches, log);
    if (errors == 1) {
      throw new RcloneRemotes.Failure(1, "Failed to check: 1 differences found", combined);
    }
    if (errors > 1) {
      throw new RcloneRemotes.Failure(
          1,
          "Failed to check with " + errors + " errors: last error was: " + errors
              + " differences found",
          combined);
    }
    return combined.toString();
  }

  private static void summary(RcloneFs dst, int errors, int matches, RcloneLog log) {
    log.log(
        Level.NOTICE,
        errors + " differences found",
        dst.describe(),
        dst.fsType(),
        "operations/check.go:249");
    if (errors > 0) {
      log.log(
          Level.NOTICE,
          errors + " errors while checking",
          dst.describe(),
          dst.fsType(),
          "operations/check.go:251");
    }
    if (matches > 0) {
      log.log(
          Level.NOTICE,
          matches + " matching files",
          dst.describe(),
          dst.fsType(),
          "operations/check.go:257");
    }
  }
}
