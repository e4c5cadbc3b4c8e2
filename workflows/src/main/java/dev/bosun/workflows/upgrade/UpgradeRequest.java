package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.UpgradeSpec;

/**
 * @param options the inventory's upgrade section with any command-line overrides applied
 * @param checkpoint null on a fresh start; the state carried over by continue-as-new otherwise
 * @param hop set on a hop of a minor-version chain (a child of the cluster's upgrade, which planned it); null on the
 *     cluster's own upgrade (and in requests recorded before chains)
 */
public record UpgradeRequest(
    Inventory inventory,
    KubeVersion target,
    UpgradeSpec options,
    UpgradeCheckpoint checkpoint,
    UpgradeHop hop) {

  /** The cluster's own upgrade from its start: no checkpoint, not a hop. */
  public static UpgradeRequest fresh(Inventory inventory, KubeVersion target, UpgradeSpec options) {
    return new UpgradeRequest(inventory, target, options, null, null);
  }
}
