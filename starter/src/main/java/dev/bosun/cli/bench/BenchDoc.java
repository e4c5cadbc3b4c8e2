package dev.bosun.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * docs/benchmarks.md: each benchmark owns the text between {@code <!-- bench:NAME -->} and
 * {@code <!-- /bench:NAME -->} and rewrites only that, so they can be run one at a time; text outside the
 * markers (the analysis) is kept.
 */
final class BenchDoc {

  static final String[] ORDER = {"overhead", "ansible", "drain", "ssh", "scale"};

  private BenchDoc() {}

  /** Replaces (or appends) the section {@code name} of {@code doc} with {@code body}, stamped with time, load and facts. */
  static void write(Path doc, String name, String title, String command, String body) {
    String section = "<!-- bench:" + name + " -->\n## " + title + "\n\n"
        + "Reproduce: `" + command + "`\n\n"
        + "Measured " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on " + Machine.facts()
        + "; load average after the run (1/5/15 min): " + Machine.loadAverage() + ".\n\n"
        + body.strip() + "\n<!-- /bench:" + name + " -->";
    try {
      String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
      String open = "<!-- bench:" + name + " -->";
      String close = "<!-- /bench:" + name + " -->";
      int a = text.indexOf(open);
      int b = text.indexOf(close);
      if (a >= 0 && b > a) {
        text = text.substring(0, a) + section + text.substring(b + close.length());
      } else {
        text = text.stripTrailing() + "\n\n" + section + "\n";
      }
      Files.createDirectories(doc.toAbsolutePath().getParent());
      Files.writeString(doc, text);
      System.out.println("wrote section '" + name + "' of " + doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + doc, e);
    }
  }
}
