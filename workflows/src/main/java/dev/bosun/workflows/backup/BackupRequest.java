package dev.bosun.workflows.backup;

import dev.bosun.workflows.model.Inventory;

/** Back up the cluster the inventory describes, per its {@code backup} section. */
public record BackupRequest(Inventory inventory) {}
