package dev.bosun.cli.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects errors and warnings with their positions, and remembers which paths held inline secrets. */
final class Problems {

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
    String hint = DidYouMean.closest(key, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    String expected = " known keys here: " + String.join(", ", known.stream().sorted().toList());
    errors.add(at(path, null, "is not a known key" + hint + ";" + expected, tree.keyAt(path)));
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
    return list.stream().sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column)).toList();
  }

  private static Problem at(String path, String value, String rule, LocatedTree.Position pos) {
    return new Problem(path, value, rule, pos.line(), pos.column());
  }
}
