package dev.bosun.cli.inventory;

/** An inventory with errors reached a command that needs a valid one; the CLI lists them and exits 2. */
public final class InvalidInventoryException extends RuntimeException {

  private final transient InventoryResult result;

  public InvalidInventoryException(InventoryResult result) {
    super(result.file() + " is invalid (" + result.errors().size()
        + (result.errors().size() == 1 ? " problem)" : " problems)"));
    this.result = result;
  }

  public InventoryResult result() {
    return result;
  }
}
