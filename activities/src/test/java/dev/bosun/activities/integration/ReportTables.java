package dev.bosun.activities.integration;

import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.drain.DrainReport;
import dev.bosun.workflows.upgrade.HopReport;
import dev.bosun.workflows.upgrade.NodeReport;
import dev.bosun.workflows.upgrade.UpgradeReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text tables of the reports. Printed (surefire keeps stdout in target/surefire-reports/*-output.txt, but
 * with test classes running side by side it may file a line under another class) and written to
 * target/integration-reports/NAME.txt, where each one is whole.
 */
final class ReportTables {

  static final Path DIR = Path.of("target", "integration-reports");

  private ReportTables() {}

  static void publish(String name, String text) throws IOException {
    System.out.println(text);
    Files.createDirectories(DIR);
    Files.writeString(DIR.resolve(name + ".txt"), text);
  }

  static String upgrade(String title, UpgradeReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("==== ").append(title).append(" ====\n");
    sb.append("cluster ")
        .append(r.cluster())
        .append(": ")
        .append(r.from())
        .append(" -> ")
        .append(r.target())
        .append(", outcome ")
        .append(r.outcome())
        .append(" (")
        .append(r.reason())
        .append("), ")
        .append(seconds(r.durationMillis()))
        .append('\n');
    if (r.snapshot() != null) {
      sb.append("etcd snapshot: ").append(r.snapshot()).append('\n');
    }
    if (r.hops() != null) {
      List<String[]> hops = new ArrayList<>();
      hops.add(new String[] {"hop", "from", "to", "outcome", "nodes", "duration", "etcd snapshot"});
      for (HopReport h : r.hops()) {
        hops.add(new String[] {
          String.valueOf(h.index()),
          h.from(),
          h.to(),
          h.outcome().label(),
          String.valueOf(h.nodes()),
          seconds(h.durationMillis()),
          h.snapshot() == null ? "-" : h.snapshot().node() + ":" + h.snapshot().path()
        });
      }
      sb.append(table(hops));
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"node", "role", "from", "to", "status", "duration"});
    for (NodeReport n : r.nodes()) {
      rows.add(new String[] {
        n.node(),
        n.role().label(),
        n.from(),
        String.valueOf(n.version()),
        n.status().label(),
        seconds(n.durationMillis())
      });
    }
    sb.append(table(rows));
    for (NodeReport n : r.nodes()) {
      if (n.failedStep() != null || n.error() != null) {
        sb.append(n.node())
            .append(" failed at ")
            .append(n.failedStep())
            .append(": ")
            .append(n.error())
            .append(" (attempts ")
            .append(n.attempts())
            .append(")\n");
      }
    }
    r.compensations().forEach(c -> sb.append("compensated ").append(c).append('\n'));
    return sb.toString();
  }

  static String drain(String title, DrainReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("==== ").append(title).append(" ====\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"node", "outcome", "evicted", "skipped", "remaining", "uncordoned", "duration"
        });
    rows.add(new String[] {
      r.node(),
      r.outcome().label(),
      String.valueOf(r.evicted().size()),
      String.valueOf(r.skipped().size()),
      String.valueOf(r.remaining().size()),
      String.valueOf(r.uncordoned()),
      seconds(r.durationMillis())
    });
    sb.append(table(rows));
    sb.append("evicted: ").append(names(r.evicted())).append('\n');
    r.skipped()
        .forEach(s -> sb.append("skipped: ")
            .append(s.pod().namespace())
            .append('/')
            .append(s.pod().name())
            .append(" (")
            .append(s.reason())
            .append(")\n"));
    if (!r.remaining().isEmpty()) {
      sb.append("remaining: ").append(names(r.remaining())).append('\n');
    }
    r.blockersSeen()
        .forEach(b -> sb.append("blocked by PDB ")
            .append(b.namespace())
            .append('/')
            .append(b.name())
            .append(" (disruptionsAllowed=")
            .append(b.disruptionsAllowed())
            .append("): ")
            .append(b.pods())
            .append('\n'));
    return sb.toString();
  }

  private static List<String> names(List<PodRef> pods) {
    return pods.stream().map(p -> p.namespace() + "/" + p.name()).toList();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  private static String table(List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      sb.append(line(rows.get(r), width));
      if (r == 0) {
        String[] rule = new String[width.length];
        for (int i = 0; i < width.length; i++) {
          rule[i] = "-".repeat(width[i]);
        }
        sb.append(line(rule, width));
      }
    }
    return sb.toString();
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      sb.append(' ')
          .append(cells[i])
          .append(" ".repeat(width[i] - cells[i].length()))
          .append(" |");
    }
    return sb.append('\n').toString();
  }
}
