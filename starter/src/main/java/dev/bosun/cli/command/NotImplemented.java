package dev.bosun.cli.command;

import dev.bosun.cli.ExitCodes;
import picocli.CommandLine.Model.CommandSpec;

/** What a command that is not built yet says (exit 64), so scripts can tell "missing" from "failed". */
final class NotImplemented {

  private NotImplemented() {}

  static int report(CommandSpec spec, int issue) {
    spec.commandLine().getErr().println(spec.qualifiedName() + ": not implemented yet (issue " + issue + ")");
    return ExitCodes.NOT_IMPLEMENTED;
  }
}
