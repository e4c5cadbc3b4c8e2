package dev.bosun.workflows.backup;

import java.util.Map;

/** The {@code progress} query: the step running now, what it is waiting for, the steps done with their durations. */
public record BackupProgress(
    String backupName, BackupStep step, String detail, Map<String, Long> stepMillis) {}
