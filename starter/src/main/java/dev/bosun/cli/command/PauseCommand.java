package dev.bosun.cli.command;

import dev.bosun.workflows.WorkflowNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description =
        "Pause the running upgrade: nodes in flight finish, no new node starts until resume.",
    footer = {
      "",
      "Example:",
      "  bosun pause --cluster lab1 --reason \"watching metrics\" --address 127.0.0.1:7233",
      "",
      "Needs a Temporal server (--address / TEMPORAL_ADDRESS). Exit: 0 accepted (the answer is printed),",
      "2 rejected (the workflow's reason is printed; nothing changed), 3 Temporal unreachable."
    })
public final class PauseCommand extends OperatorCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "The operation's workflow ID, e.g. bosun:lab1 (or use --cluster).")
  String id;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why (shown in status and the UI).")
  String reason;

  @Override
  String id() {
    return id;
  }

  @Override
  public Integer call() {
    return send(WorkflowNames.PAUSE, reason == null ? "paused by operator" : reason);
  }
}
