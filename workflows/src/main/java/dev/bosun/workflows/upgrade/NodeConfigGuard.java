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
 * retry compares again (after the files were put right by hand, or restored from kubeadm's backup), skip or abort
 * compensate. Runs recorded before the guard existed replay without it ({@code Workflow.getVersion}).
 */
final class NodeConfigGuard {

  static final String VERSION_ID = "config-drift-guard";

  private final HostTarget host;
  private final boolean on;
  private NodeConfigFingerprint before;

  NodeConfigGuard(HostTarget host) {
    this.host = host;
    this.on = Workflow.getVersion(VERSION_ID, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /** Before the node's first change: what its configuration is (once: a retried step keeps the first reading). */
  void fingerprint() {
    if (on && before == null) {
      before = read("fingerprint the configuration of " + host.node());
    }
  }

  /** After kubeadm and the packages changed the node: fails with the diff when anything else changed. */
  void compare() {
    if (!on || before == null) {
      return;
    }
    NodeConfigFingerprint after = read("compare the configuration of " + host.node());
    List<ConfigDriftRule.Change> changes = ConfigDriftRule.changes(before, after);
    if (!changes.isEmpty()) {
      throw ApplicationFailure.newFailure(
          ConfigDriftRule.describe(host.node(), changes)
              + "\nput the files right (kubeadm keeps the previous config.yaml in"
              + " /etc/kubernetes/tmp/kubeadm-kubelet-config/) and retry, or skip/abort",
          "ConfigDrift");
    }
  }

  private NodeConfigFingerprint read(String summary) {
    return node(BosunActivityOptions.QUICK, summary).fingerprintConfig(host);
  }
}
