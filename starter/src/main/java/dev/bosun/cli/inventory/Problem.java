package dev.bosun.cli.inventory;

/**
 * One thing wrong (or worth a warning) in an inventory file.
 *
 * @param path where in the document, e.g. {@code nodes[2].name}; empty for the file as a whole
 * @param value the offending value as written, or null (missing, or a secret that must not be echoed)
 * @param rule what is wrong and what is expected
 * @param line 1-based line in the file; 0 when the problem is about the file as a whole
 * @param column 1-based column; 0 with line 0
 */
public record Problem(String path, String value, String rule, int line, int column) {

  /** {@code lab.yaml:12:9: nodes[2].name: 'w-1;reboot' is not a valid node name: ...}. */
  public String render(String fileName) {
    StringBuilder sb = new StringBuilder(fileName);
    if (line > 0) {
      sb.append(':').append(line).append(':').append(column);
    }
    sb.append(": ");
    if (!path.isEmpty()) {
      sb.append(path).append(": ");
    }
    if (value != null) {
      sb.append('\'').append(value).append("' ");
    }
    return sb.append(rule).toString();
  }
}
