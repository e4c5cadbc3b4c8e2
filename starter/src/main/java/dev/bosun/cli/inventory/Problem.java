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

  /** How much of a value, and of a path (whose last part may be an unknown key), an error quotes at most. */
  static final int MAX_VALUE = 40;

  static final int MAX_PATH = 80;

  /**
   * Values and paths come from a file that may not be an inventory at all (bosun validate -i /etc/shadow):
   * only a short printable prefix of them is ever kept, so that no error prints a whole line of it.
   */
  public Problem {
    value = prefix(value, MAX_VALUE);
    path = prefix(path, MAX_PATH);
  }

  /** At most {@code max} characters, up to the first non-printable one; "…" marks a cut. */
  static String prefix(String text, int max) {
    if (text == null) {
      return null;
    }
    int end = 0;
    while (end < text.length() && end < max && isPrintable(text.charAt(end))) {
      end++;
    }
    return end == text.length() ? text : text.substring(0, end) + "…";
  }

  private static boolean isPrintable(char c) {
    return c >= 0x20
        && c != 0x7f
        && !Character.isISOControl(c)
        && Character.getType(c) != Character.FORMAT
        && !Character.isSurrogate(c);
  }

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
