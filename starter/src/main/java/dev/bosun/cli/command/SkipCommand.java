package dev.bosun.cli.command;

import dev.bosun.workflows.WorkflowNames;
import picocli.CommandLine.Command;

@Command(
    name = "skip",
    mixinStandardHelpOptions = true,
    description =
        "Skip the failed node: its packages are restored, it is uncordoned, and the upgrade carries on without it.",
    footer = {
      "",
      "Example:",
      "  bosun skip w-3 --cluster lab1 --address 127.0.0.1:7233",
      "",
      "Needs a Temporal server (--address / TEMPORAL_ADDRESS). Exit: 0 accepted (the answer is printed),",
      "2 rejected (the workflow's reason is printed; nothing changed), 3 Temporal unreachable."
    })
public final class SkipCommand extends FailedNodeCommand {

  @Override
  String update() {
    return WorkflowNames.SKIP;
  }
}
