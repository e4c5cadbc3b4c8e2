package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a real rolling upgrade on a simulated lab with an embedded Temporal (or --address).",
    footer = {"", "Example:", "  bosun demo"})
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Accepted and ignored until the command exists, so that callers get 64 rather than a usage error. */
  @Unmatched List<String> arguments;

  @Override
  public Integer call() {
    return NotImplemented.report(spec, 6);
  }
}
