package dev.bosun.cli.command;

import dev.bosun.cli.operation.UncordonOperation;
import dev.bosun.workflows.model.Inventory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "uncordon",
    mixinStandardHelpOptions = true,
    description =
        "Make a node schedulable again (after a drain for maintenance). Runs as the cluster's one operation.",
    footer = {
      "",
      "Example:",
      "  bosun uncordon -i lab.yaml w-1",
      "",
      "Exit: 0 uncordoned, 1 failed, 2 bad input, 4 cluster busy."
    })
public final class UncordonCommand implements Callable<Integer> {

  @Mixin
  StartOptions start;

  @Parameters(
      index = "0",
      paramLabel = "NODE",
      description = "The node to uncordon (a name from the inventory).")
  String node;

  @Override
  public Integer call() {
    Inventory inv = start.builtInventory();
    start.requireNode(inv, node);
    return start.run(new UncordonOperation(inv, node));
  }
}
