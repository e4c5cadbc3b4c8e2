package dev.bosun.workflows.drill;

import dev.bosun.workflows.activities.OffHostCopy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The backup's own objects, by MD5 (object path under {@code backups/<name>/} → hex MD5): as the verified copy lists
 * them, and as the scratch bucket holds them before and after the restore. Velero's ReadOnly location still writes
 * {@code restores/…} (velero-testbed trap 4), so the drill proves that nothing under the backup's folder changed.
 */
public final class ObjectChecksums {

  /** Where a copy keeps Velero's objects ({@code <destination>/<backup>/velero/}). */
  static final String VELERO_FOLDER = "velero/";

  private ObjectChecksums() {}

  /** The copy's Velero objects with an MD5 (rclone's copy lists them; restic's does not: empty). */
  public static Map<String, String> ofCopy(OffHostCopy copy) {
    Map<String, String> m = new TreeMap<>();
    for (OffHostCopy.CopiedFile f : copy.files()) {
      if (f.path().startsWith(VELERO_FOLDER)
          && f.checksum() != null
          && f.checksum().startsWith("md5:")) {
        m.put(f.path().substring(VELERO_FOLDER.length()), f.checksum().substring(4));
      }
    }
    return m;
  }

  /** Each object missing, added or changed from {@code expected} to {@code actual}; empty = byte-identical. */
  public static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
    List<String> d = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(expected.keySet());
    paths.addAll(actual.keySet());
    for (String p : paths) {
      String e = expected.get(p);
      String a = actual.get(p);
      if (e == null) {
        d.add(p + " added");
      } else if (a == null) {
        d.add(p + " missing");
      } else if (!e.equals(a)) {
        d.add(p + " changed (md5 " + e + " → " + a + ")");
      }
    }
    return d;
  }
}
