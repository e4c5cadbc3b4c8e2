package dev.bosun.cli.inventory;

import dev.bosun.workflows.model.Inventory;
import java.nio.file.Path;
import java.util.List;

/**
 * What loading an inventory gave: the inventory (null when there are errors), every error and every
 * warning, in document order.
 */
public record InventoryResult(
    Path file, Inventory inventory, List<Problem> errors, List<Problem> warnings) {

  public InventoryResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean valid() {
    return errors.isEmpty();
  }

  /** The problems as the CLI prints them, one per line. */
  public List<String> renderedErrors() {
    return errors.stream().map(p -> p.render(file.toString())).toList();
  }

  public List<String> renderedWarnings() {
    return warnings.stream().map(p -> p.render(file.toString())).toList();
  }
}
