package dev.bosun.sim.programs.rclone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An rclone command line: the subcommand, its operands and flags, split as rclone's cobra/pflag does ({@code
 * --flag value}, {@code --flag=value}, anywhere on the line). A flag that neither rclone's globals nor the
 * subcommand has is cobra's {@code unknown flag} error.
 */
record RcloneArgs(String command, List<String> operands, Map<String, String> flags) {

  /**
   * Global flags that take a value; {@code --transfers} and {@code --checkers} change only speed (the lab copies one
   * file at a time). Flags that would change what rclone prints or copies and are not done here are refused.
   */
  private static final Set<String> GLOBAL_VALUED =
      Set.of("--config", "--stats", "--max-depth", "--include", "--transfers", "--checkers");

  private static final Set<String> GLOBAL_BOOLEAN =
      Set.of("--use-json-log", "-v", "--verbose", "-q", "--quiet");

  private static final Map<String, Set<String>> OWN_VALUED =
      Map.of("check", Set.of("--combined"), "lsjson", Set.of("--hash-type"));

  private static final Map<String, Set<String>> OWN_BOOLEAN = Map.of(
      "lsjson", Set.of("-R", "--recursive", "--files-only", "--dirs-only", "--hash"),
      "check", Set.of("--one-way"));

  /** A usage error: cobra's text and exit 1. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }

  static RcloneArgs parse(List<String> words) {
    String command = null;
    for (int i = 0; i < words.size() && command == null; i++) {
      String w = words.get(i);
      if (!w.startsWith("-") || w.equals("-")) {
        command = w;
      } else if (GLOBAL_VALUED.contains(w)) {
        i++; // its value
      }
    }
    List<String> operands = new ArrayList<>();
    Map<String, String> flags = new HashMap<>();
    boolean seenCommand = false;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (!w.startsWith("-") || w.equals("-")) {
        if (seenCommand) {
          operands.add(w);
        }
        seenCommand = true;
        continue;
      }
      String name = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
      if (valued(command, name)) {
        String value = w.contains("=") ? w.substring(w.indexOf('=') + 1) : null;
        if (value == null) {
          if (i + 1 >= words.size()) {
            throw new UsageError("flag needs an argument: " + name);
          }
          value = words.get(++i);
        }
        flags.put(name, value);
      } else if (GLOBAL_BOOLEAN.contains(name)
          || OWN_BOOLEAN.getOrDefault(command, Set.of()).contains(name)) {
        flags.put(name, "true");
      } else {
        throw new UsageError("unknown flag: " + name);
      }
    }
    return new RcloneArgs(command, List.copyOf(operands), Map.copyOf(flags));
  }

  private static boolean valued(String command, String name) {
    return GLOBAL_VALUED.contains(name)
        || OWN_VALUED.getOrDefault(command, Set.of()).contains(name);
  }

  boolean has(String flag) {
    return flags.containsKey(flag);
  }

  String flag(String name) {
    return flags.get(name);
  }

  /** {@code -v}: INFO lines too; otherwise NOTICE and above, as rclone's default. */
  RcloneLog.Level level() {
    return has("-v") || has("--verbose")
        ? RcloneLog.Level.INFO
        : has("-q") || has("--quiet") ? RcloneLog.Level.ERROR : RcloneLog.Level.NOTICE;
  }
}
