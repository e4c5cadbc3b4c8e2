package dev.bosun.cli.command;

import dev.bosun.cli.operation.Followed;
import dev.bosun.cli.operation.OperationRunner;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.workflows.BosunSearchAttributes;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Live progress of a running operation until it ends: a per-node table and a progress bar per phase",
      "(one line per change when the output is not a terminal, or with --plain). Ctrl-C detaches; it never cancels."
    },
    footer = {
      "",
      "Examples:",
      "  bosun watch bosun:lab1 --address 127.0.0.1:7233",
      "  bosun watch --cluster lab1 --plain --address 127.0.0.1:7233 | tee upgrade.log",
      "",
      "Exit: the operation's: 0 done, 1 failed or aborted; 2 no such operation; 3 Temporal unreachable."
    })
public final class WatchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  OperationTarget target;

  @Mixin
  TemporalOptions temporal;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "The operation's workflow ID, e.g. bosun:lab1 (or use --cluster).")
  String id;

  @Option(
      names = "--plain",
      description = "One line per change instead of a redrawn table, even on a terminal.")
  boolean plain;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (the final report). Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  @Override
  public Integer call() {
    String workflowId = target.workflowId(id);
    try (TemporalSession session =
        TemporalSession.open(temporal.settings(), System.getenv(), false)) {
      WorkflowExecutionDescription d;
      try {
        d = session.client().newUntypedWorkflowStub(workflowId).describe();
      } catch (WorkflowNotFoundException e) {
        throw new IllegalArgumentException(
            "no operation " + workflowId + " on " + session.settings().address());
      }
      String cluster = d.getTypedSearchAttributes().get(BosunSearchAttributes.CLUSTER);
      return new OperationRunner(
              spec.commandLine().getOut(), spec.commandLine().getErr(), true, plain, output)
          .follow(
              session,
              Followed.of(d.getWorkflowType()),
              workflowId,
              cluster == null ? workflowId : cluster);
    }
  }
}
