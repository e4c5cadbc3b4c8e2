package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description =
        "(planned, not built yet) Create, list, pause or trigger the Temporal Schedule that runs restore drills.",
    footer = {"", "Example:", "  bosun schedule create -i lab.yaml --cron '0 3 * * SUN'"})
public final class ScheduleCommand implements Callable<Integer> {

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
