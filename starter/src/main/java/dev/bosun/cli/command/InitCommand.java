package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "(planned, not built yet) Build the cluster: provision VMs, kubeadm init, CNI, join control planes and workers.",
    footer = {"", "Example:", "  bosun init -i lab.yaml --watch"})
public final class InitCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Accepted and ignored until the command exists, so that callers get 64 rather than a usage error. */
  @Unmatched List<String> arguments;

  @Override
  public Integer call() {
    return NotImplemented.report(spec, "ClusterInit");
  }
}
