package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description = "Rolling kubeadm upgrade to a target version: control planes first, then workers in batches.",
    footer = {"", "Example:", "  bosun upgrade -i lab.yaml --to v1.31.2 --watch"})
public final class UpgradeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Accepted and ignored until the command exists, so that callers get 64 rather than a usage error. */
  @Unmatched List<String> arguments;

  @Override
  public Integer call() {
    return NotImplemented.report(spec, 4);
  }
}
