package dev.bosun.sim.programs.rclone;

import dev.bosun.sim.LabState;
import dev.bosun.sim.shell.Invocation;
import dev.bosun.sim.shell.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * rclone 1.60 on a lab host, held to the real one by {@code RcloneContractTest}: {@code copy}, {@code sync},
 * {@code copyto}, {@code check}, {@code lsjson}, {@code rcat}, {@code cat}, {@code purge} and {@code version}, on
 * the host's files ({@link dev.bosun.sim.host.HostDisk}) and the lab's buckets (see {@link RcloneRemotes}), with
 * rclone's stdout, log lines and exit codes (1 differences or a bad remote, 3 directory not found).
 */
public final class Rclone {

  /** The endpoint an {@code s3} remote names to reach the lab's buckets ({@code <workDir>/s3}); never opened. */
  public static final String LAB_S3_ENDPOINT = RcloneRemotes.LAB_S3_ENDPOINT;

  private static final String VERSION = "rclone v1.60.1-DEV\n"
      + "- os/version: ubuntu 22.04 (64 bit)\n"
      + "- os/kernel: 5.15.0-119-generic (x86_64)\n"
      + "- os/type: linux\n"
      + "- os/arch: amd64\n"
      + "- go/version: go1.19.8\n"
      + "- go/linking: dynamic\n"
      + "- go/tags: none\n";

  private static final Map<String, int[]> ARITY = Map.of(
      "copy", new int[] {2, 2},
      "sync", new int[] {2, 2},
      "copyto", new int[] {2, 2},
      "check", new int[] {2, 2},
      "lsjson", new int[] {1, 1},
      "rcat", new int[] {1, 1},
      "cat", new int[] {1, 1},
      "purge", new int[] {1, 1},
      "version", new int[] {0, 0});

  private final LabState state;

  public Rclone(LabState state) {
    this.state = state;
  }

  public Result run(Invocation inv) {
    RcloneArgs a;
    try {
      a = RcloneArgs.parse(inv.rest());
    } catch (RcloneArgs.UsageError e) {
      String cmd =
          inv.rest().stream().filter(w -> !w.startsWith("-")).findFirst().orElse("");
      return Result.fail(
          1,
          "Error: " + e.getMessage() + "\nUsage:\n  rclone " + cmd + " [flags]\n\n"
              + "Use \"rclone [command] --help\" for more information about a command.\n\n"
              + "Fatal error: " + e.getMessage() + "\n");
    }
    if (a.command() == null || !ARITY.containsKey(a.command())) {
      return Result.fail(
          1,
          a.command() == null
              ? "Usage:\n  rclone [flags]\n  rclone [command]\n"
              : "Error: unknown command \"" + a.command() + "\" for \"rclone\"\n"
                  + "Run 'rclone --help' for usage.\n");
    }
    int[] arity = ARITY.get(a.command());
    if (a.operands().size() < arity[0] || a.operands().size() > arity[1]) {
      boolean few = a.operands().size() < arity[0];
      return Result.fail(
          1,
          "Command " + a.command() + " needs " + (few ? arity[0] : arity[1]) + " arguments "
              + (few ? "minimum" : "maximum") + ": you provided " + a.operands().size()
              + " non flag arguments: [" + String.join(" ", a.operands()) + "]\n");
    }
    RcloneLog log = new RcloneLog(a.has("--use-json-log"), a.level());
    String cwd = inv.env().getOrDefault("PWD", "/home/bosun");
    RcloneRemotes remotes =
        new RcloneRemotes(state.disk(), inv.host(), cwd, a.flag("--config"), log);
    try {
      String out = run(a, remotes, log, inv);
      return new Result(0, out, log.text(), a.command().equals("cat"));
    } catch (RcloneRemotes.Failure f) {
      log.fatal(f.getMessage());
      return new Result(f.exitCode, f.stdout, log.text());
    }
  }

  private String run(RcloneArgs a, RcloneRemotes remotes, RcloneLog log, Invocation inv) {
    var ops = a.operands();
    switch (a.command()) {
      case "version" -> {
        return VERSION;
      }
      case "copy", "sync", "copyto" -> {
        boolean statsAtEnd = !List.of("0", "0s").contains(a.flags().getOrDefault("--stats", "1m"));
        RcloneTransfer.run(
            a.command(), remotes.resolve(ops.get(0)), remotes.resolve(ops.get(1)), statsAtEnd, log);
        return "";
      }
      case "check" -> {
        String combined = RcloneCheck.run(
            remotes.resolve(ops.get(0)), remotes.resolve(ops.get(1)), a.has("--one-way"), log);
        return "-".equals(a.flag("--combined")) ? combined : "";
      }
      case "lsjson" -> {
        return RcloneList.run(remotes.resolve(ops.get(0)), a, log);
      }
      case "rcat" -> {
        RcloneFs target = remotes.resolve(ops.get(0));
        target.parent().write(target.name(), inv.stdin().getBytes(StandardCharsets.UTF_8));
        CopyCorruption.afterWrite(state, target);
        return "";
      }
      case "cat" -> {
        return cat(remotes.resolve(ops.get(0)), log);
      }
      case "purge" -> {
        RcloneFs target = remotes.resolve(ops.get(0));
        if (!target.exists()) {
          for (int attempt = 1; attempt <= 3; attempt++) {
            log.log(
                RcloneLog.Level.ERROR,
                "Attempt " + attempt + "/3 failed with 1 errors and: directory not found",
                null,
                null,
                "cmd/cmd.go:283");
          }
          throw new RcloneRemotes.Failure(3, "Failed to purge: directory not found");
        }
        target.purge();
        return "";
      }
      default -> throw new IllegalStateException(a.command());
    }
  }

  /** A file's bytes, or a directory's files one after another, unchanged (one char per byte). */
  private static String cat(RcloneFs fs, RcloneLog log) {
    if (fs.isFile()) {
      return new String(fs.parent().read(fs.name()), StandardCharsets.ISO_8859_1);
    }
    if (!fs.exists()) {
      log.log(RcloneLog.Level.ERROR, "error listing: directory not found", "", null, null);
      throw new RcloneRemotes.Failure(
          3, "Failed to cat with 2 errors: last error was: directory not found");
    }
    StringBuilder out = new StringBuilder();
    fs.files()
        .keySet()
        .forEach(f -> out.append(new String(fs.read(f), StandardCharsets.ISO_8859_1)));
    return out.toString();
  }
}
