package dev.bosun.cli.command;

import dev.bosun.workflows.WorkflowNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description =
        "Pass the open approval gate of the running upgrade (before-workers, before-each-batch).",
    footer = {
      "",
      "Example:",
      "  bosun approve --cluster lab1 --address 127.0.0.1:7233 --note \"canary looks fine\"",
      "",
      "Needs a Temporal server (--address / TEMPORAL_ADDRESS). Exit: 0 accepted (the answer is printed),",
      "2 rejected (the workflow's reason is printed; nothing changed), 3 Temporal unreachable."
    })
public final class ApproveCommand extends OperatorCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "The operation's workflow ID, e.g. bosun:lab1 (or use --cluster).")
  String id;

  @Option(
      names = "--note",
      paramLabel = "TEXT",
      description = "A note kept in the workflow's history.")
  String note;

  @Override
  String id() {
    return id;
  }

  @Override
  public Integer call() {
    return send(WorkflowNames.APPROVE, note == null ? "" : note);
  }
}
