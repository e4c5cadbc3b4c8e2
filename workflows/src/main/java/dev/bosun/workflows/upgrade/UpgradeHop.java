package dev.bosun.workflows.upgrade;

/** Where a hop's RollingUpgrade stands in its minor-version chain: hop {@code index} of {@code total} (1-based). */
public record UpgradeHop(int index, int total) {}
