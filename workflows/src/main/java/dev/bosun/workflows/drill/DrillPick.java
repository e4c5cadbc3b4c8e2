package dev.bosun.workflows.drill;

import dev.bosun.workflows.activities.OffHostEntry;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which backup a drill restores, from the copies on the off-host target. Only a verified copy is ever picked (an
 * unverified one is not a backup yet). In order: a named backup ({@code --backup}); else a random verified one taken
 * within a window ({@code --random-within}, drawn from the workflow's seeded random, so a replay draws the same);
 * else the latest verified one. Pure: a pick that finds nothing throws IllegalArgumentException naming why.
 */
public final class DrillPick {

  private DrillPick() {}

  public static OffHostEntry choose(
      List<OffHostEntry> entries,
      String named,
      Duration randomWithin,
      long nowMillis,
      Random random) {
    List<OffHostEntry> verified = entries.stream()
        .filter(OffHostEntry::verified)
        .sorted(Comparator.comparing(OffHostEntry::backupName))
        .toList();
    if (named != null) {
      OffHostEntry e = entries.stream()
          .filter(x -> x.backupName().equals(named))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--backup " + named
              + ": no off-host copy of that name (have: " + names(entries) + ")"));
      if (!e.verified()) {
        throw new IllegalArgumentException("--backup " + named
            + ": its off-host copy never verified; a drill restores verified copies only");
      }
      return e;
    }
    if (randomWithin != null) {
      long since = nowMillis - randomWithin.toMillis();
      List<OffHostEntry> window =
          verified.stream().filter(e -> e.takenAtMillis() >= since).toList();
      if (window.isEmpty()) {
        throw new IllegalArgumentException("--random-within " + randomWithin.toHours()
            + "h: no verified off-host copy taken in that window (have: " + names(verified) + ")");
      }
      return window.get(random.nextInt(window.size()));
    }
    return verified.stream()
        .max(Comparator.comparingLong(OffHostEntry::takenAtMillis)
            .thenComparing(OffHostEntry::backupName))
        .orElseThrow(() -> new IllegalArgumentException(
            "no verified off-host copy to drill: run bosun backup first"));
  }

  private static String names(List<OffHostEntry> entries) {
    return entries.isEmpty()
        ? "none"
        : String.join(", ", entries.stream().map(OffHostEntry::backupName).toList());
  }
}
