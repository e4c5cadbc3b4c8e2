package dev.bosun.workflows.drill;

import static dev.bosun.workflows.ActivityStubs.drillActivities;

import dev.bosun.workflows.activities.NamespaceWorkloads;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.backup.BackupOptions;
import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.backup.VeleroPhase;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrillSpec.DrillCheck;
import dev.bosun.workflows.rules.ServiceProxy;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks after a restore, in order: the Restore's phase and warnings, item counts per kind against the
 * backup's, the sentinel (this backup's own, not stale), each restored namespace's workloads Ready, then the
 * inventory's {@code drill.checks}. Every check runs (the report lists them all); each passing check stamps the
 * time for its namespace, which is what RTO measures.
 */
final class DrillChecks {

  private final DrillLedger ledger;
  private final DrillPlan plan;
  private final ClusterTarget scratch;
  /** namespace → when its last check passed. */
  private final Map<String, Long> passedAt = new TreeMap<>();
  /** when the last check that concerns every namespace passed. */
  private long allPassedAt;

  Sentinel sentinel;

  DrillChecks(DrillLedger ledger, DrillPlan plan, ClusterTarget scratch) {
    this.ledger = ledger;
    this.plan = plan;
    this.scratch = scratch;
  }

  /** Runs them all; the failed ones' details (empty when every check passed). */
  List<String> run(String backupName, String restoreName, Map<String, List<String>> backupList) {
    VeleroStatus restore = ledger.restore;
    record(
        null,
        CheckResult.pass(
            "restore-phase", restoreName, VeleroPhase.judge(restore, false).reason()));
    ledger.detail("comparing item counts per kind");
    Map<String, List<String>> restoredList = drillActivities(
            BackupOptions.QUICK, "read the resource list of Restore " + restoreName)
        .restoreResourceList(plan.bucket(), restoreName);
    List<String> diff =
        ItemCounts.differences(ItemCounts.counts(backupList), ItemCounts.counts(restoredList));
    record(
        null,
        diff.isEmpty()
            ? CheckResult.pass(
                "item-counts", restoreName, ItemCounts.counts(restoredList).toString())
            : CheckResult.fail("item-counts", restoreName, String.join("; ", diff)));
    ledger.detail("reading the restored sentinel");
    sentinel = drillActivities(BackupOptions.QUICK, "read the restored sentinel")
        .readSentinel(scratch, Sentinel.NAMESPACE, "configmap/" + Sentinel.NAME);
    String stale =
        SentinelCheck.problem(sentinel, BackupPlan.takenAt(backupName), startedAt(ledger.backup));
    record(
        null,
        stale == null
            ? CheckResult.pass(
                "sentinel",
                Sentinel.NAMESPACE,
                "uuid " + sentinel.uuid() + " sha256 " + sentinel.payloadSha256()
                    + ", written before " + backupName)
            : CheckResult.fail("sentinel", Sentinel.NAMESPACE, stale));
    for (String ns : ItemCounts.namespaces(backupList)) {
      passedAt.putIfAbsent(ns, 0L);
      workloads(ns);
    }
    for (DrillCheck c : plan.checks()) {
      inventoryCheck(c);
    }
    return ledger.checks.stream()
        .filter(c -> !c.passed())
        .map(c -> c.kind() + " " + c.subject() + ": " + c.detail())
        .toList();
  }

  /** namespace → when every check of it (and every check of them all) had passed. */
  Map<String, Long> passedAt() {
    Map<String, Long> at = new TreeMap<>();
    passedAt.forEach((ns, t) -> at.put(ns, Math.max(t, allPassedAt)));
    return at;
  }

  private void inventoryCheck(DrillCheck c) {
    switch (c.kind()) {
      case "restore-phase" -> {} // always checked first
      case "workloads-ready" -> {
        if (!passedAt.containsKey(c.namespace())) {
          workloads(c.namespace());
        }
      }
      case "sentinel-checksum" -> {
        Sentinel s = drillActivities(
                BackupOptions.QUICK, "read " + c.namespace() + "/" + c.resource())
            .readSentinel(scratch, c.namespace(), c.resource());
        String subject = c.namespace() + "/" + c.resource();
        record(
            c.namespace(),
            s != null && c.expected().equals(s.payloadSha256())
                ? CheckResult.pass("sentinel-checksum", subject, "sha256 " + c.expected())
                : CheckResult.fail(
                    "sentinel-checksum",
                    subject,
                    s == null
                        ? "not restored"
                        : "sha256 " + s.payloadSha256() + ", expected " + c.expected()));
      }
      case "http-probe" -> {
        ServiceProxy target = ServiceProxy.of(c.url());
        int expected = c.expected() == null ? 200 : Integer.parseInt(c.expected());
        ledger.detail("probing " + c.url() + " through the API server's service proxy");
        int status =
            drillActivities(BackupOptions.QUICK, "probe " + c.url()).httpProbe(scratch, c.url());
        record(
            target.namespace(),
            status == expected
                ? CheckResult.pass("http-probe", c.url(), "HTTP " + status)
                : CheckResult.fail(
                    "http-probe", c.url(), "HTTP " + status + ", expected " + expected));
      }
      default ->
        throw new IllegalArgumentException("drill.checks[].kind " + c.kind() + " is unknown");
    }
  }

  private void workloads(String ns) {
    ledger.detail("waiting for the workloads of " + ns + " to be Ready");
    NamespaceWorkloads w = drillActivities(
            BackupOptions.awaiting(plan.workloadsTimeout()), "wait for the workloads of " + ns)
        .awaitWorkloads(scratch, ns, plan.workloadsTimeout());
    record(
        ns,
        w.ready()
            ? CheckResult.pass("workloads-ready", ns, w.total() + " workloads Ready")
            : CheckResult.fail(
                "workloads-ready", ns, "not Ready: " + String.join(", ", w.notReady())));
  }

  /** Adds the result; a pass stamps its namespace (or every namespace, for null). */
  private void record(String namespace, CheckResult r) {
    ledger.checks.add(r);
    if (r.passed()) {
      long now = Workflow.currentTimeMillis();
      if (namespace == null) {
        allPassedAt = now;
      } else {
        passedAt.merge(namespace, now, Math::max);
      }
    }
  }

  private static Long startedAt(VeleroStatus backup) {
    return backup == null || backup.startTimestamp() == null
        ? null
        : Instant.parse(backup.startTimestamp()).toEpochMilli();
  }
}
