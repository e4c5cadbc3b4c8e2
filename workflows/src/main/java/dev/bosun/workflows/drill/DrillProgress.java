package dev.bosun.workflows.drill;

import java.util.Map;

/** A running drill: the backup it restores (once picked), the step, what it waits for, each finished step's time. */
public record DrillProgress(
    String backupName, DrillStep step, String detail, Map<String, Long> stepMillis) {}
