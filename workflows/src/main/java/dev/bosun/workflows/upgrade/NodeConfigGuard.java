package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.node;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.activities.NodeConfigFingerprint;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.rules.ConfigDriftRule;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The config-drift guard of one node's upgrade: the settings kubeadm and the packages may touch are fingerprinted
 * before the node's first package change and compared before the kubelet restart would load them; an unexpected
 * change stops the node ({@code ConfigDrift}, the diff as the message) and waits for the operator like any failure:
 * retry compares again (after the files were put right by hand), {@code retry --accept-drift} takes the configuration
 * as it is now, {@code retry --restore-config} puts the changed files back from the copy taken with the fingerprint;
 * skip or abort compensate. Runs recorded before the guard existed replay without it ({@code Workflow.getVersion}).
 */
final class NodeConfigGuard {

  static final String VERSION_ID = "config-drift-guard";

  private final HostTarget host;
  private final boolean on;
  private NodeConfigFingerprint before;
  private NodeConfigFingerprint after;
  private List<String> drifted = List.of();

  NodeConfigGuard(HostTarget host) {
    this.host = host;
    this.on = Workflow.getVersion(VERSION_ID, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /** Before the node's first change: what its configuration is (once: a retried step keeps the first reading). */
  void fingerprint() {
    if (on && before == null) {
      before = read("fingerprint the configuration of " + host.node());
      node(BosunActivityOptions.QUICK, "keep a copy of the configuration of " + host.node())
          .backupConfig(host, List.copyOf(before.files().keySet()));
    }
  }

  /** After kubeadm and the packages changed the node: fails with the diff when anything else changed. */
  void compare() {
    if (!on || before == null) {
      return;
    }
    after = read("compare the configuration of " + host.node());
    List<ConfigDriftRule.Change> changes = ConfigDriftRule.changes(before, after);
    drifted = changes.stream().map(ConfigDriftRule.Change::file).distinct().toList();
    if (!changes.isEmpty()) {
      throw ApplicationFailure.newFailure(
          ConfigDriftRule.describe(host.node(), changes)
              + "\nanswer: retry --accept-drift (keep it), retry --restore-config (the previous files back),"
              + " retry (after putting the files right by hand), or skip/abort",
          "ConfigDrift");
    }
  }

  /** The files of the last drift found (empty when the last comparison found none). */
  List<String> driftedFiles() {
    return drifted;
  }

  /** The operator's answer to a drift, before the step runs again. */
  void answer(NodeDecision decision) {
    if (decision == NodeDecision.ACCEPT_DRIFT && after != null) {
      before = after; // what is there now is what the operator wants
    } else if (decision == NodeDecision.RESTORE_CONFIG && !drifted.isEmpty()) {
      node(
              BosunActivityOptions.QUICK,
              "restore " + String.join(", ", drifted) + " on " + host.node())
          .restoreConfig(host, drifted);
    }
    drifted = List.of();
  }

  private NodeConfigFingerprint read(String summary) {
    return node(BosunActivityOptions.QUICK, summary).fingerprintConfig(host);
  }
}
