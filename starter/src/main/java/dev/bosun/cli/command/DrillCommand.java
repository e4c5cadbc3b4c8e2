package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description =
        "(planned, not built yet) Restore drill: restore the latest backup into a scratch cluster, check it, measure RPO and RTO, tear down.",
    footer = {"", "Example:", "  bosun drill -i lab.yaml --watch"})
public final class DrillCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** Accepted and ignored until the command exists, so that callers get 64 rather than a usage error. */
  @Unmatched
  List<String> arguments;

  @Override
  public Integer call() {
    return NotImplemented.report(spec, "RestoreDrill");
  }
}
