package dev.bosun.sim.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A background shell, in its own session, that kills every process listed in a PID file once this JVM is gone (a
 * killed JVM runs no shutdown hook), then removes the given directory if any. The same approach as
 * {@link KubeControlPlane}'s; used by the test bed's other servers ({@link S3Proxy}, {@link VeleroServer}).
 */
final class Watchdog implements AutoCloseable {

  private final Path pidFile;
  private final Process process;

  private Watchdog(Path pidFile, Process process) {
    this.pidFile = pidFile;
    this.process = process;
  }

  /** Starts a watchdog over {@code pidFile} (created empty); {@code removeOnDeath} may be null. */
  static Watchdog start(Path pidFile, Path removeOnDeath) {
    String script = "jvm=$1; pids=$2; while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done; "
        + "p=$(cat \"$pids\" 2>/dev/null); [ -n \"$p\" ] && kill -TERM $p 2>/dev/null; sleep 2; "
        + "p=$(cat \"$pids\" 2>/dev/null); [ -n \"$p\" ] && kill -KILL $p 2>/dev/null; [ -n \"$3\" ] && rm -rf \"$3\"";
    try {
      Files.writeString(pidFile, "");
      Process p = new ProcessBuilder(
              "setsid",
              "bash",
              "-c",
              script,
              "bosun-testbed-watchdog",
              Long.toString(ProcessHandle.current().pid()),
              pidFile.toString(),
              removeOnDeath == null ? "" : removeOnDeath.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      p.getOutputStream().close();
      return new Watchdog(pidFile, p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a process for the watchdog to kill. */
  void watch(Process p) {
    try {
      Files.writeString(pidFile, p.pid() + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the watchdog itself (after its processes were stopped by their owner). */
  @Override
  public void close() {
    process.destroy();
  }

  /** Stops a process: TERM, then KILL after {@code graceSeconds}. */
  static void stop(Process p, int graceSeconds) {
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(graceSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
