package dev.bosun.sim.shell;

import dev.bosun.sim.host.HostState;
import java.util.List;
import java.util.Map;

/** One simple command as a handler sees it: on which host, as root or not, its environment, arguments and stdin. */
public record Invocation(
    HostState host, boolean root, Map<String, String> env, List<String> args, String stdin) {

  public String name() {
    return args.get(0);
  }

  /** Arguments after the command name. */
  public List<String> rest() {
    return args.subList(1, args.size());
  }

  public boolean has(String flag) {
    return args.contains(flag);
  }

  /** The value of {@code -o json}, {@code -o=json}, {@code --output json} style flags (null when absent). */
  public String option(String shortName, String longName) {
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      for (String n : new String[] {shortName, longName}) {
        if (n == null) {
          continue;
        }
        if (a.equals(n) && i + 1 < args.size()) {
          return args.get(i + 1);
        }
        if (a.startsWith(n + "=")) {
          return a.substring(n.length() + 1);
        }
      }
    }
    return null;
  }
}
