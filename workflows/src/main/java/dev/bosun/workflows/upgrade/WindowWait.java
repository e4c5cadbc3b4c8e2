package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.rules.MaintenanceWindows;
import java.time.Instant;

/**
 * An upgrade waiting for its maintenance window (the progress query's {@code window}).
 *
 * @param opens when it opens, as people read it: "Sat 02:00 Europe/Paris"
 * @param opensAtMillis the same instant, for "in 5h 12m" from the reader's own clock
 */
public record WindowWait(String opens, long opensAtMillis) {

  /** "waiting for window (opens Sat 02:00 Europe/Paris, in 5h 12m)" as of {@code now}. */
  public String text(Instant now) {
    return MaintenanceWindows.waitingText(opens, Instant.ofEpochMilli(opensAtMillis), now);
  }
}
