package dev.bosun.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Every benchmark in turn with its defaults, each rewriting its section of docs/benchmarks.md. */
@Command(
    name = "all",
    mixinStandardHelpOptions = true,
    description =
        "Run ssh, overhead, ansible, drain and scale with their defaults; rewrite docs/benchmarks.md.")
public final class AllBench implements Callable<Integer> {

  @Mixin
  BenchOptions options;

  @Override
  public Integer call() {
    options.validate();
    List<String> common = List.of(
        "--runs",
        Integer.toString(options.runs),
        "--doc",
        options.doc,
        "--repo",
        options.repo.toString());
    List<String> failed = new ArrayList<>();
    for (Object bench : List.of(
        new SshBench(),
        new OverheadBench(),
        new AnsibleBench(),
        new DrainBench(),
        new ScaleBench())) {
      CommandLine cl = new CommandLine(bench);
      String name = cl.getCommandName();
      System.out.println("== bosun bench " + name + " " + String.join(" ", common));
      int code = cl.execute(common.toArray(String[]::new));
      if (code != 0) {
        failed.add(name);
      }
    }
    if (!failed.isEmpty()) {
      System.err.println("bosun bench all: failed: " + String.join(", ", failed));
      return 1;
    }
    return 0;
  }
}
