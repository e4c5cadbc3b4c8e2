package dev.bosun.cli.command;

import dev.bosun.cli.inventory.InventoryOption;
import dev.bosun.cli.operation.OperationKind;
import dev.bosun.cli.operation.OperationRunner;
import dev.bosun.cli.operation.OutputFormat;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.workflows.model.Inventory;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that starts an operation on a cluster takes (a picocli mixin): {@code -i/--inventory}, where
 * Temporal is, and how the run is shown ({@code --watch}, {@code --plain}, {@code --output}); and the one way such
 * a command starts its operation and follows it ({@link #run}).
 */
public final class StartOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Mixin
  InventoryOption inventory;

  @Mixin
  TemporalOptions temporal;

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

  PrintWriter out() {
    return command.commandLine().getOut();
  }

  PrintWriter err() {
    return command.commandLine().getErr();
  }

  /** The valid inventory (warnings on stderr). */
  Inventory inventory() {
    return inventory.load(err());
  }

  /** The valid inventory of a built cluster: every node has an address ({@link InventoryOption#loadBuilt}). */
  Inventory builtInventory() {
    return inventory.loadBuilt(err());
  }

  /** Refuses a NODE argument that names no node of the inventory's cluster. */
  void requireNode(Inventory inv, String node) {
    if (!inv.hasNode(node)) {
      throw new IllegalArgumentException("NODE: no node named '" + node + "' in cluster "
          + inv.cluster() + " (" + inventory.file() + ")");
    }
  }

  /** Starts the operation (embedded without an address) and follows it as the flags ask; the exit code. */
  int run(OperationKind<?> operation) {
    return new OperationRunner(out(), err(), watch, plain, output)
        .run(temporal.settings(), System.getenv(), operation);
  }
}
