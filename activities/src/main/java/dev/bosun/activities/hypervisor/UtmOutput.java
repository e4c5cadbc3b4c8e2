package dev.bosun.activities.hypervisor;

import java.util.ArrayList;
import java.util.List;

/** utmctl's output: the list table, ip-address lines, and the errors it may print even when it exits 0. Pure. */
public final class UtmOutput {

  /** One row of {@code utmctl list}. status is one of stopped, starting, started, pausing, paused, resuming, stopping. */
  public record Entry(String uuid, String status, String name) {}

  private UtmOutput() {}

  /** Rows after the header; the name is everything after the first two fields (names may contain spaces). */
  public static List<Entry> list(String stdout) {
    List<Entry> entries = new ArrayList<>();
    for (String line : (stdout == null ? "" : stdout).split("\r?\n")) {
      if (line.isBlank() || line.startsWith("UUID ")) {
        continue;
      }
      String[] f = line.strip().split(" +", 3);
      if (f.length == 3) {
        entries.add(new Entry(f[0], f[1], f[2].strip()));
      }
    }
    return entries;
  }

  /** The first IPv4 address of {@code utmctl ip-address}, or null. */
  public static String ipv4(String stdout) {
    for (String line : (stdout == null ? "" : stdout).split("\r?\n")) {
      if (line.strip().matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
        return line.strip();
      }
    }
    return null;
  }

  /** macOS refused the Apple Event (not logged in at the GUI, or no Automation grant): OSStatus -1743 and kin. */
  public static boolean automationDenied(String stderr) {
    return stderr != null
        && (stderr.contains("OSStatus error")
            || stderr.contains("does not work from SSH sessions"));
  }

  /** Failed, whatever the exit code: utmctl reports scripting errors on stderr and may still exit 0. */
  public static boolean failed(int exitCode, String stderr) {
    return exitCode != 0
        || stderr != null && (stderr.contains("Error") || stderr.contains("OSStatus error"));
  }
}
