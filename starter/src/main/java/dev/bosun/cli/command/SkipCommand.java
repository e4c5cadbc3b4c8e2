package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "skip",
    mixinStandardHelpOptions = true,
    description = "Skip the failed node (its packages are restored, it is uncordoned) and carry on.",
    footer = {"", "Example:", "  bosun skip -i lab.yaml w-3"})
public final class SkipCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Accepted and ignored until the command exists, so that callers get 64 rather than a usage error. */
  @Unmatched List<String> arguments;

  @Override
  public Integer call() {
    return NotImplemented.report(spec, 5);
  }
}
