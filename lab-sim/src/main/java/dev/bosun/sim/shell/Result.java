package dev.bosun.sim.shell;

/** What a command left behind: exit code, stdout and stderr (kept apart, as SSH exec keeps them). */
public record Result(int exitCode, String stdout, String stderr) {

  public static Result ok(String stdout) {
    return new Result(0, stdout, "");
  }

  public static Result fail(int exitCode, String stderr) {
    return new Result(exitCode, "", stderr);
  }

  public Result withStdout(String out) {
    return new Result(exitCode, out, stderr);
  }
}
