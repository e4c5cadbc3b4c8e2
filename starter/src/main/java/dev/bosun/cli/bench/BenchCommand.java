package dev.bosun.cli.bench;

import dev.bosun.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bosun bench <name>}: benchmarks on lab-sim that print a table and rewrite docs/benchmarks.md. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks on lab-sim; each prints a table and rewrites its section of docs/benchmarks.md.",
    subcommands = {
      OverheadBench.class,
      AnsibleBench.class,
      DrainBench.class,
      SshBench.class,
      ScaleBench.class,
      TestBedBench.class,
      InitBench.class,
      BackupBench.class,
      DrillBench.class,
      AllBench.class
    },
    footer = {
      "",
      "Examples:",
      "  java -jar starter/target/bosun.jar bench ssh --runs 3",
      "  java -jar starter/target/bosun.jar bench all"
    })
public final class BenchCommand implements Callable<Integer> {

  static {
    // sshj logs every connection a closed lab drops at ERROR; a benchmark closes a lab per run
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("net.schmizz"))
        .setLevel(ch.qos.logback.classic.Level.OFF);
  }

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }
}
