package dev.bosun.workflows.backup;

import dev.bosun.workflows.activities.OffHostEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which off-host copies retention deletes. Only verified copies are candidates (an unverified one is left for the
 * operator to look at); a copy is kept when either rule keeps it (the {@code keepLast} newest, or those younger
 * than {@code keepDays}); with both 0 every copy is kept; and the newest verified copy (the one this run just
 * verified) is never deleted. Called only after the new copy verified.
 */
public final class Retention {

  private Retention() {}

  public static List<OffHostEntry> toDelete(
      List<OffHostEntry> entries, String justVerified, int keepLast, int keepDays, long nowMillis) {
    if (keepLast <= 0 && keepDays <= 0) {
      return List.of();
    }
    List<OffHostEntry> verified =
        new ArrayList<>(entries.stream().filter(OffHostEntry::verified).toList());
    verified.sort(Comparator.comparingLong(OffHostEntry::takenAtMillis)
        .thenComparing(OffHostEntry::backupName)
        .reversed());
    long oldestKept =
        keepDays > 0 ? nowMillis - Duration.ofDays(keepDays).toMillis() : Long.MAX_VALUE;
    List<OffHostEntry> delete = new ArrayList<>();
    for (int i = 0; i < verified.size(); i++) {
      OffHostEntry e = verified.get(i);
      boolean keptByCount = keepLast > 0 && i < keepLast;
      boolean keptByAge = keepDays > 0 && e.takenAtMillis() >= oldestKept;
      boolean newest = i == 0 || e.backupName().equals(justVerified);
      if (!keptByCount && !keptByAge && !newest) {
        delete.add(e);
      }
    }
    return delete;
  }
}
