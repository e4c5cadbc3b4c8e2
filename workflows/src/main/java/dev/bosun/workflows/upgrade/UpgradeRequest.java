package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.UpgradeSpec;

/**
 * @param options the inventory's upgrade section with any command-line overrides applied
 * @param checkpoint null on a fresh start; the state carried over by continue-as-new otherwise
 */
public record UpgradeRequest(
    Inventory inventory, KubeVersion target, UpgradeSpec options, UpgradeCheckpoint checkpoint) {}
