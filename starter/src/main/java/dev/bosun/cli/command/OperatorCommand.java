package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.operation.CurrentHop;
import dev.bosun.cli.operation.FailureReason;
import dev.bosun.cli.operation.Json;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.cli.temporal.TemporalSession;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shared body of approve, pause, resume, retry, skip and abort: send one update to the running
 * operation (a minor-version chain's running hop: {@link CurrentHop}) and print its answer. A rejected update (the workflow's validator said no) prints the reason
 * and exits 2; nothing was written to the workflow's history.
 */
abstract class OperatorCommand {

  @Spec
  CommandSpec spec;

  @Mixin
  OperationTarget target;

  @Mixin
  TemporalOptions temporal;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  /** The operation's workflow ID, or null for --cluster. */
  abstract String id();

  int send(String update, Object... args) {
    String operation = target.workflowId(id());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (TemporalSession session =
        TemporalSession.open(temporal.settings(), System.getenv(), false)) {
      String workflowId = CurrentHop.route(session.client(), operation); // a chain's running hop
      String answer;
      try {
        answer =
            session.client().newUntypedWorkflowStub(workflowId).update(update, String.class, args);
      } catch (WorkflowUpdateException e) {
        return print(out, err, workflowId, update, false, reason(e));
      } catch (WorkflowNotFoundException e) {
        return print(
            out,
            err,
            workflowId,
            update,
            false,
            "no running operation " + workflowId + " (it has ended, or never started)");
      }
      return print(out, err, workflowId, update, true, answer);
    }
  }

  private int print(
      PrintWriter out,
      PrintWriter err,
      String workflowId,
      String update,
      boolean accepted,
      String text) {
    if (output == OutputFormat.JSON) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("workflowId", workflowId);
      json.put("update", update);
      json.put("accepted", accepted);
      json.put(accepted ? "answer" : "reason", text);
      out.println(Json.write(json));
    } else if (accepted) {
      out.println(workflowId + ": " + text);
    } else {
      err.println(spec.qualifiedName() + ": rejected by " + workflowId + ": " + text);
    }
    out.flush();
    err.flush();
    return accepted ? ExitCodes.DONE : ExitCodes.BAD_INPUT;
  }

  /** The validator's own words. */
  private static String reason(WorkflowUpdateException e) {
    return FailureReason.of(e);
  }
}
