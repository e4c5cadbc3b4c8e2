package dev.bosun.cli.bench;

import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The host commands a run sent, per host in order, as the lab-sim command log recorded them. */
final class CommandSequences {

  private CommandSequences() {}

  /** host → command lines in order; the etcd snapshot path (it carries the cluster name and a time stamp) normalized. */
  static Map<String, List<String>> of(LabSim lab) {
    Map<String, List<String>> out = new TreeMap<>();
    for (CommandRecord r : lab.commandLog().all()) {
      out.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(normalize(r.command()));
    }
    return out;
  }

  static String normalize(String command) {
    return command.replaceAll("/var/backups/bosun-etcd-[^' ]*\\.db", "/var/backups/SNAPSHOT.db");
  }

  /** Lines saying where the two differ (empty = the same commands in the same order on every host). */
  static List<String> differences(
      Map<String, List<String>> a, String aName, Map<String, List<String>> b, String bName) {
    List<String> out = new ArrayList<>();
    Map<String, Boolean> hosts = new LinkedHashMap<>();
    a.keySet().forEach(h -> hosts.put(h, true));
    b.keySet().forEach(h -> hosts.put(h, true));
    for (String h : hosts.keySet()) {
      List<String> x = a.getOrDefault(h, List.of());
      List<String> y = b.getOrDefault(h, List.of());
      if (!x.equals(y)) {
        int i = 0;
        while (i < x.size() && i < y.size() && x.get(i).equals(y.get(i))) {
          i++;
        }
        out.add(h + ": " + aName + " ran " + x.size() + ", " + bName + " " + y.size()
            + " commands; first difference at #" + (i + 1) + ": " + aName + " `"
            + (i < x.size() ? x.get(i) : "(none)") + "` vs " + bName + " `"
            + (i < y.size() ? y.get(i) : "(none)") + "`");
      }
    }
    return out;
  }

  static void write(Map<String, List<String>> seq, Path file) {
    StringBuilder sb = new StringBuilder();
    seq.forEach(
        (h, cmds) -> cmds.forEach(c -> sb.append(h).append('\t').append(c).append('\n')));
    try {
      Files.writeString(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
