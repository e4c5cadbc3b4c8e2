package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run a Bosun worker (workflows and activities) against a Temporal server.",
    footer = {"", "Example:", "  bosun worker --address 127.0.0.1:7233"})
public final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Accepted and ignored until the command exists, so that callers get 64 rather than a usage error. */
  @Unmatched List<String> arguments;

  @Override
  public Integer call() {
    return NotImplemented.report(spec, 6);
  }
}
