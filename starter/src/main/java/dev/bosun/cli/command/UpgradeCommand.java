package dev.bosun.cli.command;

import dev.bosun.cli.operation.UpgradeOperation;
import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.OnNodeFailure;
import dev.bosun.workflows.model.UpgradeSpec;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description = {
      "Rolling kubeadm upgrade to a target version: preflight, etcd snapshot, control planes one at a time,",
      "then workers in batches of --max-unavailable. One operation per cluster (workflow ID bosun:<cluster>).",
      "Without --address it runs embedded (in-process Temporal and worker) and watches to the end.",
      "With upgrade.window in the inventory, a node starts only inside a window: outside, the run waits (phase",
      "WaitingForWindow, \"waiting for window (opens Sat 02:00 Europe/Paris, in 5h 12m)\"); nodes in flight finish.",
      "More than one minor above the inventory's kubernetes.version, it runs a minor-version chain: v1.30 → v1.31.(latest",
      "in the v1.31 repository) → v1.32.x, each hop a full rolling upgrade (own preflight, etcd snapshot, gates) in a child",
      "workflow bosun:<cluster>:upgrade:<hop target>, in order; a hop that does not complete stops the chain. A downgrade,",
      "or a version a minor's repository lacks, is refused before anything changes, naming the hop and the repository.",
      "retry/skip/approve/pause/abort go to the running hop (a retry resumes at the failed node of that hop)."
    },
    footer = {
      "",
      "Examples:",
      "  bosun upgrade -i lab.yaml --to v1.31.2 --watch",
      "  bosun upgrade -i lab.yaml --to v1.31.2 --max-unavailable 2 --approval before-workers --address 127.0.0.1:7233",
      "  bosun upgrade -i lab.yaml --to v1.31.2 --ignore-window   # now, whatever upgrade.window says",
      "  bosun upgrade -i lab.yaml --to v1.32.4 --watch           # from v1.30: two hops, via the latest v1.31",
      "",
      "Exit: 0 every node at the target, 1 failed or aborted, 2 bad input, 3 Temporal unreachable, 4 cluster busy,",
      "5 waiting for an operator (not watching: the retry/skip/abort commands are printed)."
    })
public final class UpgradeCommand implements Callable<Integer> {

  private static final Pattern MAX_UNAVAILABLE = Pattern.compile("[1-9]\\d*|([1-9]\\d?|100)%");

  @Mixin
  StartOptions start;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "vX.Y.Z",
      description = "Target Kubernetes version, e.g. v1.31.2.")
  String to;

  @Option(
      names = "--max-unavailable",
      paramLabel = "N|P%",
      description =
          "Workers upgraded at once (count or percentage of the workers). Default: the inventory's.")
  String maxUnavailable;

  @Option(
      names = "--on-node-failure",
      paramLabel = "POLICY",
      description = "wait-for-operator, abort or skip. Default: the inventory's.")
  String onNodeFailure;

  @Option(
      names = "--approval",
      paramLabel = "GATE",
      description = "none, before-workers or before-each-batch. Default: the inventory's.")
  String approval;

  @Option(
      names = "--max-failed-nodes",
      paramLabel = "N",
      description = "Abort (compensating) after this many failed nodes; 0 = off.")
  Integer maxFailedNodes;

  @Option(
      names = "--no-etcd-snapshot",
      description = "Skip the etcd snapshot before the first change (not recommended).")
  boolean noEtcdSnapshot;

  @Option(
      names = "--ignore-window",
      description =
          "Start nodes outside the inventory's upgrade.window for this run (the windows stay in the inventory).")
  boolean ignoreWindow;

  @Override
  public Integer call() {
    KubeVersion target = parseTarget(to);
    checkFlags();
    Inventory inv = start.builtInventory();
    return start.run(new UpgradeOperation(inv, target, withOverrides(inv)));
  }

  /** --max-unavailable as upgrade and plan take it; null means the inventory's. */
  static void checkMaxUnavailable(String maxUnavailable) {
    if (maxUnavailable != null && !MAX_UNAVAILABLE.matcher(maxUnavailable).matches()) {
      throw new IllegalArgumentException(
          "--max-unavailable must be a count (1, 2, …) or a percentage (1%–100%), got '"
              + maxUnavailable + "'");
    }
  }

  static KubeVersion parseTarget(String text) {
    return Flags.parse("--to", () -> KubeVersion.parse(text));
  }

  /** Checks the flags before anything is loaded (bad input → exit 2 naming the flag). */
  private void checkFlags() {
    checkMaxUnavailable(maxUnavailable);
    if (maxFailedNodes != null && maxFailedNodes < 0) {
      throw new IllegalArgumentException(
          "--max-failed-nodes must be 0 or more, got " + maxFailedNodes);
    }
    if (onNodeFailure != null) {
      Flags.parse("--on-node-failure", () -> OnNodeFailure.fromLabel(onNodeFailure));
    }
    if (approval != null) {
      Flags.parse("--approval", () -> ApprovalGate.fromLabel(approval));
    }
  }

  private UpgradeSpec withOverrides(Inventory inv) {
    UpgradeSpec base = inv.upgrade() == null ? UpgradeSpec.defaults() : inv.upgrade();
    return new UpgradeSpec(
        maxUnavailable != null ? maxUnavailable : base.maxUnavailable(),
        base.drain(),
        onNodeFailure != null ? OnNodeFailure.fromLabel(onNodeFailure) : base.onNodeFailure(),
        approval != null ? ApprovalGate.fromLabel(approval) : base.approval(),
        maxFailedNodes != null ? maxFailedNodes : base.maxFailedNodes(),
        !noEtcdSnapshot && base.etcdSnapshot(),
        base.pauseBetweenBatches(),
        base.operatorTimeout(),
        base.snapshotBeforeUpgrade(),
        base.windowsOrNone(),
        ignoreWindow,
        base.certificateRenewal());
  }
}
