package dev.bosun.workflows.drill;

import dev.bosun.workflows.model.Inventory;
import java.time.Duration;

/**
 * Drill the cluster the inventory describes, per its {@code drill} section.
 *
 * @param backupName the backup to drill ({@code --backup}); null = the latest verified one, or a random one
 * @param randomWithin pick a random verified backup taken within this window ({@code --random-within}); null = not
 */
public record DrillRequest(Inventory inventory, String backupName, Duration randomWithin) {

  public DrillRequest(Inventory inventory) {
    this(inventory, null, null);
  }
}
