package dev.bosun.workflows.drill;

import dev.bosun.workflows.activities.OffHostCopy;
import dev.bosun.workflows.activities.VeleroStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore drill did: the backup it restored, the result, the step that failed and why, the off-host copy as
 * verified, the synced Backup's and the Restore's status, every check, RPO and RTO per namespace, whether the
 * scratch cluster was torn down, and how long each step took.
 *
 * @param backupName null when the pick failed
 * @param failedStep null when it passed
 * @param figures null unless every check passed
 * @param teardown what the teardown did (or why it did not run: nothing was built yet)
 */
public record DrillReport(
    String cluster,
    String backupName,
    DrillResult result,
    DrillStep failedStep,
    String reason,
    OffHostCopy copy,
    VeleroStatus backup,
    VeleroStatus restore,
    List<CheckResult> checks,
    DrillFigures figures,
    String teardown,
    Map<String, Long> stepMillis,
    long durationMillis) {

  public DrillReport {
    checks = checks == null ? List.of() : List.copyOf(checks);
    stepMillis = stepMillis == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(stepMillis));
  }
}
