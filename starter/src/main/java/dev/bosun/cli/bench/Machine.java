package dev.bosun.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about this machine for the benchmark report. */
final class Machine {

  private Machine() {}

  static String facts() {
    return "cores (nproc): " + Runtime.getRuntime().availableProcessors()
        + ", memory: " + memTotalGiB() + " GiB"
        + ", Java: " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version")
        + ", OS: " + osName() + " (" + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + ", "
        + System.getProperty("os.arch") + ")"
        + ", CPU: " + cpuModel();
  }

  /** The 1-minute load average, read now. */
  static String loadAverage() {
    String l = read(Path.of("/proc/loadavg"));
    String[] f = l.trim().split("\\s+");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "n/a";
  }

  private static String memTotalGiB() {
    for (String line : lines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        long kb = Long.parseLong(line.replaceAll("\\D", ""));
        return String.format("%.1f", kb / 1024.0 / 1024.0);
      }
    }
    return "n/a";
  }

  private static String osName() {
    for (String line : lines(Path.of("/etc/os-release"))) {
      if (line.startsWith("PRETTY_NAME=")) {
        return line.substring("PRETTY_NAME=".length()).replace("\"", "");
      }
    }
    return "n/a";
  }

  private static String cpuModel() {
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "n/a";
  }

  /** VmHWM (peak resident set) of a process, in MiB; -1 when unknown. */
  static double peakRssMiB(long pid) {
    for (String line : lines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return -1;
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "n/a";
    }
  }
}
