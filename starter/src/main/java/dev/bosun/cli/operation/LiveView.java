package dev.bosun.cli.operation;

import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.upgrade.NodeRow;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Draws a running operation: a per-node table and a progress bar per phase, redrawn in place on a
 * terminal, or one plain line per change when the output is a pipe or a file (or {@code --plain}).
 */
public abstract class LiveView {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  protected final PrintWriter out;
  /** A finished node's elapsed time, as first seen (rows of finished nodes may carry no finish time). */
  private final Map<String, String> finishedElapsed = new HashMap<>();

  protected LiveView(PrintWriter out) {
    this.out = out;
  }

  /** Redrawn tables only on a real terminal, and not with --plain. */
  public static LiveView choose(PrintWriter out, boolean plain) {
    return !plain && System.console() != null ? new Table(out) : new Lines(out);
  }

  /** A view that draws nothing (a start command waiting without --watch). */
  public static LiveView quiet(PrintWriter out) {
    return new LiveView(out) {
      @Override
      public void show(LiveState s) {}
    };
  }

  public abstract void show(LiveState state);

  static String clock(long millis) {
    return LocalTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault())
        .format(CLOCK);
  }

  String elapsed(NodeRow r, long now) {
    if (r.startedAtMillis() <= 0) {
      return "";
    }
    if (r.finishedAtMillis() > 0) {
      return seconds(r.finishedAtMillis() - r.startedAtMillis());
    }
    if (LiveState.FINAL_STATES.contains(r.state())) {
      return finishedElapsed.computeIfAbsent(r.node(), n -> seconds(now - r.startedAtMillis()));
    }
    return seconds(now - r.startedAtMillis());
  }

  static String seconds(long millis) {
    long s = Math.max(0, millis) / 1000;
    return s >= 60
        ? (s / 60) + "m" + String.format("%02d", s % 60) + "s"
        : String.format("%.1fs", Math.max(0, millis) / 1000.0);
  }

  /** One line per change: {@code 12:01:03 w-3 drain → kubeadm-package}. */
  static final class Lines extends LiveView {
    private final Map<String, NodeRow> last = new HashMap<>();
    private String lastPhase;
    private String lastWaiting;
    private String lastTitle;

    Lines(PrintWriter out) {
      super(out);
    }

    @Override
    public void show(LiveState s) {
      long now = System.currentTimeMillis();
      String t = clock(now);
      if (lastTitle != null && !lastTitle.equals(s.title())) {
        out.println(t + " " + s.title()); // a minor-version chain moved to its next hop
      }
      lastTitle = s.title();
      if (!Objects.equals(s.phase(), lastPhase)) {
        out.println(t + " phase " + s.phase()
            + (s.rows().isEmpty()
                ? ""
                : " (" + (s.finished(NodeRole.CONTROL_PLANE) + s.finished(NodeRole.WORKER)) + "/"
                    + s.rows().size() + " nodes done)"));
        lastPhase = s.phase();
      }
      for (NodeRow r : s.rows()) {
        NodeRow before = last.put(r.node(), r);
        String step = r.step() == null ? "-" : r.step();
        if (before == null) {
          if (!"pending".equals(r.state())) {
            out.println(
                t + " " + r.node() + " " + r.state() + (r.step() == null ? "" : " " + step));
          }
          continue;
        }
        String beforeStep = before.step() == null ? "-" : before.step();
        if (!Objects.equals(before.state(), r.state())) {
          out.println(t + " " + r.node() + " " + before.state() + " → " + r.state()
              + (LiveState.FINAL_STATES.contains(r.state())
                  ? " (" + r.from() + " → " + r.to() + ", " + elapsed(r, now) + ")"
                  : "")
              + (r.detail() == null || r.detail().isBlank() ? "" : ": " + r.detail()));
        } else if (!Objects.equals(beforeStep, step)) {
          out.println(t + " " + r.node() + " " + beforeStep + " → " + step);
        }
      }
      String waiting = s.waiting() == null ? null : s.waiting().message();
      if (waiting != null && !waiting.equals(lastWaiting)) {
        out.println(t + " waiting: " + waiting);
      }
      lastWaiting = waiting;
      out.flush();
    }
  }

  /** The table, redrawn in place with ANSI cursor-up. */
  static final class Table extends LiveView {
    private int drawn;

    Table(PrintWriter out) {
      super(out);
    }

    @Override
    public void show(LiveState s) {
      List<String> lines = render(s, System.currentTimeMillis());
      StringBuilder sb = new StringBuilder();
      if (drawn > 0) {
        sb.append("\033[").append(drawn).append('A');
      }
      for (String l : lines) {
        sb.append("\r\033[2K").append(l).append('\n');
      }
      for (int i = lines.size(); i < drawn; i++) {
        sb.append("\r\033[2K\n");
      }
      drawn = Math.max(lines.size(), drawn);
      out.print(sb);
      out.flush();
    }

    List<String> render(LiveState s, long now) {
      List<String> lines = new ArrayList<>();
      lines.add(s.title() + "  [" + s.phase() + "]");
      lines.add(bar(
          "control planes", s.finished(NodeRole.CONTROL_PLANE), s.count(NodeRole.CONTROL_PLANE)));
      if (s.count(NodeRole.WORKER) > 0) {
        lines.add(bar("workers", s.finished(NodeRole.WORKER), s.count(NodeRole.WORKER)));
      }
      lines.add(String.format(
          "%-12s %-13s %-22s %-18s %-17s %8s",
          "NODE", "ROLE", "FROM → TO", "STATE", "STEP", "ELAPSED"));
      for (NodeRow r : s.rows()) {
        lines.add(String.format(
            "%-12s %-13s %-22s %-18s %-17s %8s",
            r.node(),
            role(r.role()),
            r.from() + " → " + r.to(),
            r.state(),
            r.step() == null ? "" : r.step(),
            elapsed(r, now)));
      }
      lines.add(s.waiting() == null ? "" : "waiting: " + s.waiting().message());
      return lines;
    }

    static String bar(String label, long done, long total) {
      int width = 30;
      int filled = total == 0 ? width : (int) (width * done / total);
      return String.format(
          "%-15s [%s%s] %d/%d", label, "#".repeat(filled), ".".repeat(width - filled), done, total);
    }
  }

  static String role(NodeRole role) {
    return role == NodeRole.CONTROL_PLANE ? "control-plane" : role == null ? "" : "worker";
  }
}
