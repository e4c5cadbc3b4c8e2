package dev.bosun.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "skip",
    mixinStandardHelpOptions = true,
    description = "Skip the failed node: its packages are restored, it is uncordoned, and the upgrade carries on without it.",
    footer = {
      "",
      "Example:",
      "  bosun skip w-3 --cluster lab1 --address 127.0.0.1:7233",
      "",
      "Needs a Temporal server (--address / TEMPORAL_ADDRESS). Exit: 0 accepted (the answer is printed),",
      "2 rejected (the workflow's reason is printed; nothing changed), 3 Temporal unreachable."
    })
public final class SkipCommand extends OperatorCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NODE", description = "The failed node the upgrade waits on.")
  String node;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The operation's workflow ID (or use --cluster).")
  String id;

  @Override
  String id() {
    return id;
  }

  @Override
  public Integer call() {
    return send("skip", node);
  }
}
