package dev.bosun.activities.hypervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vagrant's {@code --machine-readable} output: {@code timestamp,target,type,data...}. Split on the first three commas
 * only; the data fields are split on the rest and unescaped ({@code %!(VAGRANT_COMMA)}, literal {@code \n} and
 * {@code \r}). Pure.
 */
public final class VagrantMachineReadable {

  /** One line: target is empty for environment-wide lines. */
  public record Line(long timestamp, String target, String type, List<String> data) {
    public String first() {
      return data.isEmpty() ? "" : data.get(0);
    }
  }

  /** Set when the run ended in {@code error-exit}: the error class and its message. */
  public record ErrorExit(String errorClass, String message) {}

  private VagrantMachineReadable() {}

  public static List<Line> parse(String stdout) {
    List<Line> lines = new ArrayList<>();
    for (String raw : (stdout == null ? "" : stdout).split("\r?\n")) {
      String[] head = raw.split(",", 4);
      if (head.length < 3 || !head[0].matches("\\d+")) {
        continue; // a plugin's stray output line: not part of the format
      }
      List<String> data = new ArrayList<>();
      if (head.length == 4) {
        for (String d : head[3].split(",", -1)) {
          data.add(unescape(d));
        }
      }
      lines.add(new Line(Long.parseLong(head[0]), head[1], head[2], List.copyOf(data)));
    }
    return lines;
  }

  static String unescape(String s) {
    return s.replace("%!(VAGRANT_COMMA)", ",").replace("\\n", "\n").replace("\\r", "\r");
  }

  /** The {@code error-exit} record, or null when the command did not fail that way. */
  public static ErrorExit errorExit(List<Line> lines) {
    for (Line l : lines) {
      if (l.type().equals("error-exit")) {
        return new ErrorExit(
            l.first(),
            l.data().size() > 1 ? String.join(",", l.data().subList(1, l.data().size())) : "");
      }
    }
    return null;
  }

  /** {@code vagrant status}: machine name to its state id (running, shutoff, not_created...), in output order. */
  public static Map<String, String> states(List<Line> lines) {
    Map<String, String> states = new LinkedHashMap<>();
    for (Line l : lines) {
      if (l.type().equals("state") && !l.target().isEmpty()) {
        states.put(l.target(), l.first());
      }
    }
    return states;
  }

  /** {@code vagrant ssh-config}: the HostName of the (first) ssh-config record, or null. */
  public static String hostName(List<Line> lines) {
    for (Line l : lines) {
      if (l.type().equals("ssh-config")) {
        for (String cfg : l.first().split("\n")) {
          String t = cfg.strip();
          if (t.startsWith("HostName ")) {
            return t.substring("HostName ".length()).strip();
          }
        }
      }
    }
    return null;
  }

  /** {@code vagrant snapshot list}: the snapshot names ({@code ui,detail} lines), none for "No snapshots have been taken yet!". */
  public static List<String> snapshots(List<Line> lines) {
    List<String> names = new ArrayList<>();
    for (Line l : lines) {
      if (l.type().equals("ui") && l.first().equals("detail") && l.data().size() > 1) {
        String name = l.data().get(1).strip();
        if (!name.isEmpty() && !name.startsWith("==>")) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** The human-readable {@code ui} messages, for a failure's context. */
  public static String uiText(List<Line> lines) {
    StringBuilder b = new StringBuilder();
    for (Line l : lines) {
      if (l.type().equals("ui") && l.data().size() > 1) {
        b.append(String.join(",", l.data().subList(1, l.data().size()))).append('\n');
      }
    }
    return b.toString();
  }
}
