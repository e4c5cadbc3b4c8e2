package dev.bosun.cli.command;

import dev.bosun.workflows.WorkflowNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Resume a paused upgrade.",
    footer = {
      "",
      "Example:",
      "  bosun resume bosun:lab1 --address 127.0.0.1:7233",
      "",
      "Needs a Temporal server (--address / TEMPORAL_ADDRESS). Exit: 0 accepted (the answer is printed),",
      "2 rejected (the workflow's reason is printed; nothing changed), 3 Temporal unreachable."
    })
public final class ResumeCommand extends OperatorCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "The operation's workflow ID, e.g. bosun:lab1 (or use --cluster).")
  String id;

  @Override
  String id() {
    return id;
  }

  @Override
  public Integer call() {
    return send(WorkflowNames.RESUME);
  }
}
