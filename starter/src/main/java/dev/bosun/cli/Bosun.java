package dev.bosun.cli;

import dev.bosun.cli.command.AbortCommand;
import dev.bosun.cli.command.ApproveCommand;
import dev.bosun.cli.command.BackupCommand;
import dev.bosun.cli.command.CertsCommand;
import dev.bosun.cli.command.DemoCommand;
import dev.bosun.cli.command.DestroyCommand;
import dev.bosun.cli.command.DrainCommand;
import dev.bosun.cli.command.DrillCommand;
import dev.bosun.cli.command.InitCommand;
import dev.bosun.cli.command.LabSimCommand;
import dev.bosun.cli.command.PauseCommand;
import dev.bosun.cli.command.PlanCommand;
import dev.bosun.cli.command.ResumeCommand;
import dev.bosun.cli.command.RetryCommand;
import dev.bosun.cli.command.ScheduleCommand;
import dev.bosun.cli.command.SkipCommand;
import dev.bosun.cli.command.StatusCommand;
import dev.bosun.cli.command.UncordonCommand;
import dev.bosun.cli.command.UpgradeCommand;
import dev.bosun.cli.command.ValidateCommand;
import dev.bosun.cli.command.WatchCommand;
import dev.bosun.cli.command.WorkerCommand;
import dev.bosun.cli.inventory.ExampleKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code bosun} command: kubeadm cluster lifecycle as durable Temporal workflows. */
@Command(
    name = "bosun",
    mixinStandardHelpOptions = true,
    versionProvider = BosunVersion.class,
    description = {
      "Run the lifecycle of a kubeadm cluster as durable Temporal workflows:",
      "builds, rolling upgrades, drains, off-host backups and restore drills that survive restarts and wait for you."
    },
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      InitCommand.class,
      DestroyCommand.class,
      UpgradeCommand.class,
      DrainCommand.class,
      UncordonCommand.class,
      CertsCommand.class,
      BackupCommand.class,
      DrillCommand.class,
      ScheduleCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      ApproveCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      RetryCommand.class,
      SkipCommand.class,
      AbortCommand.class,
      DemoCommand.class,
      WorkerCommand.class,
      LabSimCommand.class,
      dev.bosun.cli.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  bosun validate -i examples/lab.yaml",
      "  bosun demo",
      "  bosun upgrade -i lab.yaml --to v1.31.2 --watch",
    })
public final class Bosun implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of unexpected errors.")
  boolean debug;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }

  /** The configured command line (handlers, exit-code footer); tests run this in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Bosun());
    ErrorHandlers handlers = new ErrorHandlers();
    cl.setExecutionExceptionHandler(handlers);
    cl.setParameterExceptionHandler(handlers);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.getCommandSpec()
        .usageMessage()
        .footer(concat(cl.getCommandSpec().usageMessage().footer(), ExitCodes.HELP));
    return cl;
  }

  public static void main(String[] args) {
    // the worker jar brings its own logback.xml (INFO on stdout); the CLI logs warnings only, on
    // stderr
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "bosun-cli-logback.xml");
    }
    // the example inventories reference a throwaway key under ~/.bosun/examples (docs/inventory.md)
    ExampleKeys.ensure(Path.of(System.getProperty("user.home")));
    System.exit(commandLine().execute(args));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
