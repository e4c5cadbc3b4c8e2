package dev.bosun.cli;

import dev.bosun.cli.inventory.InvalidInventoryException;
import dev.bosun.cli.operation.ClusterBusyException;
import dev.bosun.cli.operation.FailureReason;
import dev.bosun.worker.temporal.TemporalUnreachableException;
import io.temporal.client.WorkflowException;
import io.temporal.failure.TemporalFailure;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one readable line and an exit code; a stack trace only with {@code --debug}.
 * Bad arguments → 2 with the usage hint; an invalid inventory → 2, one line per problem; Temporal unreachable → 3 naming the address; bad values found
 * while running (IllegalArgumentException) → 2; anything else → 1.
 */
final class ErrorHandlers
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(name(cmd) + ": " + oneLine(ex.getMessage()));
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    return ExitCodes.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    int code;
    if (ex instanceof InvalidInventoryException invalid) {
      invalid.result().renderedErrors().forEach(line -> err.println(oneLine(line)));
      err.println(name(cmd) + ": " + oneLine(invalid.getMessage()));
      code = ExitCodes.BAD_INPUT;
    } else if (ex instanceof TemporalUnreachableException t) {
      err.println(
          name(cmd) + ": " + t.getMessage()
              + "; start a server with temporal-dev/start, or leave out --address/TEMPORAL_ADDRESS to run embedded");
      code = ExitCodes.TEMPORAL_UNREACHABLE;
    } else if (ex instanceof ClusterBusyException busy) {
      err.println(name(cmd) + ": " + busy.getMessage());
      code = ExitCodes.CLUSTER_BUSY;
    } else if (ex instanceof IllegalArgumentException) {
      err.println(name(cmd) + ": " + oneLine(ex.getMessage()));
      code = ExitCodes.BAD_INPUT;
    } else if (ex instanceof WorkflowException || ex instanceof TemporalFailure) {
      // a failure that crossed Temporal: its cause's own words, not the SDK's wrapper text
      err.println(name(cmd) + ": failed: " + oneLine(FailureReason.of(ex)));
      code = ExitCodes.FAILED;
    } else {
      err.println(name(cmd) + ": failed: " + ex.getClass().getSimpleName()
          + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
          + (debug(parseResult) ? "" : " (run with --debug for details)"));
      code = ExitCodes.FAILED;
    }
    if (debug(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** The longest error line printed: messages quote arguments, and an argument can be 100 KB. */
  static final int MAX_LINE = 500;

  /**
   * A message as one printable line of at most {@link #MAX_LINE} characters: control characters from an
   * argument (a newline, an escape sequence) are shown as '?', a longer message is cut with "…".
   */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(message.length(), MAX_LINE + 1));
    for (int i = 0; i < message.length() && b.length() < MAX_LINE; i++) {
      char c = message.charAt(i);
      b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
    }
    return message.length() > MAX_LINE ? b.append('…').toString() : b.toString();
  }

  private static String name(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }

  /** --debug anywhere on the command line (it is inherited by every subcommand). */
  private static boolean debug(ParseResult pr) {
    for (ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
