package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
import picocli.CommandLine.Model.CommandSpec;

/** What a command that is not built yet says (exit 64), so scripts can tell "missing" from "failed". */
final class NotImplemented {

  private NotImplemented() {}

  /** {@code workflow}: the planned workflow the command will start (docs/architecture.md). */
  static int report(CommandSpec spec, String workflow) {
    spec.commandLine()
        .getErr()
        .println(spec.qualifiedName() + ": not implemented yet: " + workflow
            + " is planned (see docs/architecture.md)");
    return ExitCodes.NOT_IMPLEMENTED;
  }
}
