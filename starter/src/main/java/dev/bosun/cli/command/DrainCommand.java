package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "drain",
    mixinStandardHelpOptions = true,
    description = "Cordon a node and evict its pods through the Eviction API, honouring PodDisruptionBudgets.",
    footer = {"", "Example:", "  bosun drain -i lab.yaml w-1 --timeout 10m --watch"})
public final class DrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Accepted and ignored until the command exists, so that callers get 64 rather than a usage error. */
  @Unmatched List<String> arguments;

  @Override
  public Integer call() {
    return NotImplemented.report(spec, 3);
  }
}
