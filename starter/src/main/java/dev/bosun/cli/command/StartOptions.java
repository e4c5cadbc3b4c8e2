package dev.bosun.cli.command;

import dev.bosun.cli.operation.OperationRunner;
import dev.bosun.cli.operation.OutputFormat;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** How a starting command shows its run: {@code --watch}, {@code --plain}, {@code --output}. */
public final class StartOptions {

  @Option(
      names = "--watch",
      description =
          "Draw the run live (per-node table, progress per phase) until it ends; Ctrl-C detaches, never cancels.")
  boolean watch;

  @Option(
      names = "--plain",
      description = "One line per change instead of a redrawn table, even on a terminal.")
  boolean plain;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text or json (the final report as JSON on stdout; progress goes to stderr). Default: ${DEFAULT-VALUE}.")
  OutputFormat output;

  OperationRunner runner(PrintWriter out, PrintWriter err) {
    return new OperationRunner(out, err, watch, plain, output);
  }
}
