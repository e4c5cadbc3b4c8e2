package dev.bosun.sim.shell;

/**
 * What a command left behind: exit code, stdout and stderr (kept apart, as SSH exec keeps them). {@code binary}: stdout
 * holds raw bytes, one char each (ISO-8859-1), sent unchanged ({@code rclone cat} of a gzipped object).
 */
public record Result(int exitCode, String stdout, String stderr, boolean binary) {

  public Result(int exitCode, String stdout, String stderr) {
    this(exitCode, stdout, stderr, false);
  }

  public static Result ok(String stdout) {
    return new Result(0, stdout, "");
  }

  public static Result fail(int exitCode, String stderr) {
    return new Result(exitCode, "", stderr);
  }

  public Result withStdout(String out) {
    return new Result(exitCode, out, stderr, binary);
  }
}
