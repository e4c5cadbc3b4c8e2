package dev.bosun.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "(planned, not built yet) Velero backup, copied off the host (rclone or restic) and verified.",
    footer = {"", "Example:", "  bosun backup -i lab.yaml --watch"})
public final class BackupCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** Accepted and ignored until the command exists, so that callers get 64 rather than a usage error. */
  @Unmatched
  List<String> arguments;

  @Override
  public Integer call() {
    return NotImplemented.report(spec, "OffHostBackup");
  }
}
