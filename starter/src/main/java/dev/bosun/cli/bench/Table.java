package dev.bosun.cli.bench;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table: printed to the terminal and written to docs/benchmarks.md as is. */
final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, header " + header.size());
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  String markdown() {
    StringBuilder sb = new StringBuilder();
    line(sb, header);
    sb.append('|');
    header.forEach(h -> sb.append("---|"));
    sb.append('\n');
    rows.forEach(r -> line(sb, r));
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells) {
    sb.append('|');
    cells.forEach(c -> sb.append(' ').append(c.replace("|", "\\|")).append(" |"));
    sb.append('\n');
  }
}
