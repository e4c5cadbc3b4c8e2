package dev.bosun.cli.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects errors and warnings with their positions, and remembers which paths held inline secrets. */
final class Problems {

  static final int KEY_PREFIX = 24;

  private final LocatedTree tree;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();
  private final Set<String> secretPaths = new HashSet<>();

  Problems(LocatedTree tree) {
    this.tree = tree;
  }

  void error(String path, String value, String rule) {
    errors.add(at(path, value, rule, tree.valueAt(path)));
  }

  void warning(String path, String value, String rule) {
    warnings.add(at(path, value, rule, tree.valueAt(path)));
  }

  void unknownKey(String path, String key, Set<String> known) {
    if (secretPaths.contains(path)) {
      return;
    }
    String hint =
        DidYouMean.closest(key, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    String expected =
        " known keys here: " + String.join(", ", known.stream().sorted().toList());
    String shown = path.substring(0, path.length() - key.length()) + keyPrefix(key);
    LocatedTree.Position pos = tree.keyAt(path);
    errors.add(new Problem(
        shown, null, "is not a known key" + hint + ";" + expected, pos.line(), pos.column()));
  }

  /**
   * An unknown key as an error may show it: at most {@link #KEY_PREFIX} letters, digits, '_' and '-', cut at the
   * first other character. A pasted password line ({@code root:$6$...:}) is a "key" too, and must not be echoed.
   */
  static String keyPrefix(String key) {
    int end = 0;
    while (end < key.length() && end < KEY_PREFIX && isKeyChar(key.charAt(end))) {
      end++;
    }
    return end == key.length() ? key : key.substring(0, end) + "…";
  }

  private static boolean isKeyChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
  }

  void secret(String path, String rule, boolean atKey) {
    secretPaths.add(path);
    errors.add(at(path, null, rule, atKey ? tree.keyAt(path) : tree.valueAt(path)));
  }

  boolean isSecret(String path) {
    return secretPaths.contains(path);
  }

  /** Document order, so that the list reads top to bottom like the file. */
  List<Problem> errors() {
    return sorted(errors);
  }

  List<Problem> warnings() {
    return sorted(warnings);
  }

  private static List<Problem> sorted(List<Problem> list) {
    return list.stream()
        .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
        .toList();
  }

  private static Problem at(String path, String value, String rule, LocatedTree.Position pos) {
    return new Problem(path, value, rule, pos.line(), pos.column());
  }
}
