package dev.bosun.cli.command;

import dev.bosun.workflows.WorkflowNames;
import dev.bosun.workflows.rules.TargetRules;
import dev.bosun.workflows.upgrade.NodeDecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Run the failed node again from the step that failed.",
      "A node the config-drift guard stopped (configuration changed by its upgrade beyond image tags): with",
      "--accept-drift its configuration is taken as it is now; with --restore-config the changed files are put back",
      "from the copy taken before its upgrade (not static pod manifests: they would lose their new image); plain",
      "retry compares again, after the files were put right by hand."
    },
    footer = {
      "",
      "Examples:",
      "  bosun retry w-3 --cluster lab1 --address 127.0.0.1:7233",
      "  bosun retry w-1 --cluster lab1 --restore-config",
      "",
      "Needs a Temporal server (--address / TEMPORAL_ADDRESS). Exit: 0 accepted (the answer is printed),",
      "2 rejected (the workflow's reason is printed; nothing changed), 3 Temporal unreachable."
    })
public final class RetryCommand extends FailedNodeCommand {

  @Option(
      names = "--accept-drift",
      description = "Config drift: keep the node's configuration as it is now, then retry.")
  boolean acceptDrift;

  @Option(
      names = "--restore-config",
      description =
          "Config drift: put the changed files back as they were before the upgrade, then retry.")
  boolean restoreConfig;

  @Override
  String update() {
    return WorkflowNames.RETRY;
  }

  @Override
  public Integer call() {
    if (acceptDrift && restoreConfig) {
      throw new IllegalArgumentException(
          "--accept-drift and --restore-config: one answer to a drift, not both");
    }
    if (!acceptDrift && !restoreConfig) {
      return super.call(); // the node alone: what ClusterInit's retry takes too
    }
    TargetRules.requireNodeName("NODE", node);
    return send(
        update(), node, acceptDrift ? NodeDecision.DRIFT_ACCEPT : NodeDecision.DRIFT_RESTORE);
  }
}
