package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Show every step on every host and every preflight finding of an upgrade, changing nothing.",
    footer = {"", "Example:", "  bosun plan -i lab.yaml --to v1.31.2"})
public final class PlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Accepted and ignored until the command exists, so that callers get 64 rather than a usage error. */
  @Unmatched List<String> arguments;

  @Override
  public Integer call() {
    return NotImplemented.report(spec, 4);
  }
}
