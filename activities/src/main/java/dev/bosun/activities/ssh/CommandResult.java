package dev.bosun.activities.ssh;

import java.time.Duration;

/** What one remote command did: its exit status and its two output streams, read separately. */
public record CommandResult(int exitCode, String stdout, String stderr, Duration took) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** The last non-blank line of stdout, or of stderr if stdout is empty (for step details). */
  public String lastLine() {
    String out = dev.bosun.activities.Failures.lastLines(stdout, 1);
    return out.isEmpty() ? dev.bosun.activities.Failures.lastLines(stderr, 1) : out;
  }
}
