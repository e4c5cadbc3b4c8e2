package dev.bosun.cli.inventory;

import dev.bosun.workflows.model.Inventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code -i/--inventory FILE} for every command that works on a cluster (a picocli mixin). Loading goes
 * through {@link InventoryLoader}, so every command refuses an invalid file the same way, before doing
 * anything: {@link InvalidInventoryException}, which the CLI prints as one line per problem (exit 2).
 */
public final class InventoryOption {

  @Option(
      names = {"-i", "--inventory"},
      required = true,
      paramLabel = "FILE",
      description = "The cluster's inventory YAML (docs/inventory.md).")
  Path file;

  public Path file() {
    return file;
  }

  /** The valid inventory; warnings are printed to {@code err} as {@code warning: ...} lines. */
  public Inventory load(PrintWriter err) {
    return load(new InventoryLoader(), err);
  }

  /**
   * The valid inventory of a cluster that exists: every node has an address. A VM node may leave its address to the
   * hypervisor for {@code bosun init}; the commands that work on a built cluster need it written in.
   */
  public Inventory loadBuilt(PrintWriter err) {
    Inventory inv = load(err);
    List<String> missing =
        inv.nodes().stream().filter(n -> n.address() == null).map(n -> n.name()).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "--inventory: " + String.join(", ", missing) + (missing.size() == 1 ? " has" : " have")
              + " no address: a VM's address is discovered by bosun init (its report lists it); write it into the node's"
              + " address field for this command");
    }
    return inv;
  }

  public Inventory load(InventoryLoader loader, PrintWriter err) {
    return load(file, loader, err);
  }

  /** The same for a command whose inventory is optional (its own {@code -i} option). */
  public static Inventory load(Path file, InventoryLoader loader, PrintWriter err) {
    InventoryResult result = loader.load(file);
    result.renderedWarnings().forEach(w -> err.println("warning: " + w));
    if (!result.valid()) {
      throw new InvalidInventoryException(result);
    }
    return result.inventory();
  }
}
