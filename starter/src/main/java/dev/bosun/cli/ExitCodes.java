package dev.bosun.cli;

/** What bosun's exit status means; documented in docs/cli.md and in {@code bosun --help}. */
public final class ExitCodes {

  public static final int DONE = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int TEMPORAL_UNREACHABLE = 3;
  public static final int CLUSTER_BUSY = 4;
  public static final int WAITING_FOR_OPERATOR = 5;

  /** The help footer of the top command. */
  static final String[] HELP = new String[] {
    "",
    "Exit codes:",
    "  0   done",
    "  1   the operation failed (the report says which node and why)",
    "  2   bad input: arguments, the inventory (every problem listed), a rejected command",
    "  3   Temporal unreachable at the given address",
    "  4   cluster busy: another operation runs on it (its workflow is named)",
    "  5   waiting for an operator (approve, retry, skip, abort or resume)",
  };

  private ExitCodes() {}
}
