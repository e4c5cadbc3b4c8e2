package dev.bosun.cli;

import java.util.List;

/** {@link CliRun} for tests in other packages. */
public final class Cli {

  private Cli() {}

  /** One in-process run of {@code bosun args…}. */
  public static Result run(String... args) {
    CliRun r = CliRun.run(args);
    return new Result(r.exit(), r.out(), r.err());
  }

  public static Result run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
