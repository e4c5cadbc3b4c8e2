package dev.bosun.cli.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bosun.workflows.model.Durations;
import dev.bosun.workflows.rules.Syntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of the inventory (the top level, {@code ssh}, {@code nodes[2]}...) with typed, checked
 * reads. Every read reports its own problem (missing, wrong type) and returns null, so that validation
 * carries on and reports everything at once.
 */
final class Section {

  private final Problems problems;
  private final String path;
  private final JsonNode node;

  private Section(Problems problems, String path, JsonNode node) {
    this.problems = problems;
    this.path = path;
    this.node = node;
  }

  /** A section with its known keys checked: unknown keys are errors, with a "did you mean". */
  static Section of(Problems problems, String path, JsonNode node, Set<String> knownKeys) {
    Section s = new Section(problems, path, node);
    if (node != null) {
      node.fieldNames().forEachRemaining(name -> {
        if (!knownKeys.contains(name)) {
          problems.unknownKey(LocatedTree.child(path, name), name, knownKeys);
        }
      });
    }
    return s;
  }

  /** A missing or mistyped section: every read returns null without further noise. */
  static Section absent(Problems problems, String path) {
    return new Section(problems, path, null);
  }

  boolean present() {
    return node != null;
  }

  boolean has(String key) {
    return node != null && node.hasNonNull(key);
  }

  String path() {
    return path;
  }

  String pathOf(String key) {
    return LocatedTree.child(path, key);
  }

  /** A scalar as text (numbers and booleans as written); null when absent. */
  String string(String key, boolean required) {
    JsonNode v = value(key, required);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode()) {
      problems.error(pathOf(key), null, "must be a string, got " + describe(v));
      return null;
    }
    return v.isTextual() ? v.textValue() : v.asText();
  }

  Long integer(String key, boolean required) {
    JsonNode v = value(key, required);
    if (v == null) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    problems.error(pathOf(key), scalarText(v), "must be an integer, got " + describe(v));
    return null;
  }

  Boolean bool(String key) {
    JsonNode v = value(key, false);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    problems.error(pathOf(key), scalarText(v), "must be true or false, got " + describe(v));
    return null;
  }

  /** The raw value node (for fields that accept more than one type); null when absent. */
  JsonNode raw(String key) {
    return value(key, false);
  }

  Section object(String key, boolean required, Set<String> knownKeys) {
    JsonNode v = value(key, required);
    if (v == null) {
      return absent(problems, pathOf(key));
    }
    if (!v.isObject()) {
      problems.error(
          pathOf(key), scalarText(v), "must be a mapping (key: value lines), got " + describe(v));
      return absent(problems, pathOf(key));
    }
    return of(problems, pathOf(key), v, knownKeys);
  }

  /** A list of mappings; each element is checked to be a mapping with known keys. */
  List<Section> objects(String key, boolean required, Set<String> knownKeys) {
    JsonNode v = value(key, required);
    List<Section> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      problems.error(
          pathOf(key),
          scalarText(v),
          "must be a list (lines starting with '- '), got " + describe(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      String itemPath = LocatedTree.item(pathOf(key), i);
      JsonNode item = v.get(i);
      if (!item.isObject()) {
        problems.error(
            itemPath, scalarText(item), "must be a mapping (key: value), got " + describe(item));
        out.add(absent(problems, itemPath));
      } else {
        out.add(of(problems, itemPath, item, knownKeys));
      }
    }
    return out;
  }

  /** A mapping of names to mappings ({@code hypervisors: {linux-box: {...}}}), in document order; each checked for known keys. */
  java.util.Map<String, Section> namedObjects(String key, Set<String> knownKeys) {
    JsonNode v = value(key, false);
    java.util.Map<String, Section> out = new java.util.LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      problems.error(
          pathOf(key), scalarText(v), "must be a mapping of names to mappings, got " + describe(v));
      return out;
    }
    v.fields().forEachRemaining(e -> {
      String itemPath = LocatedTree.child(pathOf(key), e.getKey());
      if (!e.getValue().isObject()) {
        problems.error(
            itemPath,
            scalarText(e.getValue()),
            "must be a mapping (key: value), got " + describe(e.getValue()));
      } else {
        out.put(e.getKey(), of(problems, itemPath, e.getValue(), knownKeys));
      }
    });
    return out;
  }

  /** Reports a problem with the value at {@code key}. */
  void error(String key, String value, String rule) {
    problems.error(pathOf(key), value, rule);
  }

  void warning(String key, String value, String rule) {
    problems.warning(pathOf(key), value, rule);
  }

  private JsonNode value(String key, boolean required) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        problems.error(pathOf(key), null, "is required" + (v == null ? "" : " (it is empty)"));
      }
      return null;
    }
    if (problems.isSecret(pathOf(key))) {
      return null; // already reported as an inline secret; don't echo it or pile on
    }
    return v;
  }

  // ---- reads with the rules every section shares ----

  Integer port(String key, Integer fallback) {
    Long p = integer(key, false);
    if (p == null) {
      return fallback;
    }
    if (!Syntax.isPort(p)) {
      error(key, String.valueOf(p), "is not a valid port: must be 1-65535");
      return fallback;
    }
    return p.intValue();
  }

  Duration duration(String key, Duration fallback) {
    String text = string(key, false);
    if (text == null) {
      return fallback;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      error(key, text, "is not a valid duration: must look like 30s, 10m, 1h or 1h30m");
      return fallback;
    }
  }

  boolean flag(String key, boolean fallback) {
    Boolean b = bool(key);
    return b == null ? fallback : b;
  }

  <T> T label(String key, Function<String, T> parse, T fallback, String allowed) {
    String text = string(key, false);
    if (text == null) {
      return fallback;
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      error(key, text, "is not valid: must be " + allowed);
      return fallback;
    }
  }

  String cidr(String key, String fallback) {
    String v = string(key, false);
    if (v == null) {
      return fallback;
    }
    if (!Syntax.isCidrList(v)) {
      error(
          key,
          v,
          "is not a valid CIDR: must be ADDRESS/PREFIX, e.g. 10.244.0.0/16 (or two, comma-separated, for dual-stack)");
    }
    return v;
  }

  static String describe(JsonNode v) {
    if (v.isObject()) return "a mapping";
    if (v.isArray()) return "a list";
    if (v.isBoolean()) return "true/false";
    if (v.isNumber()) return "a number";
    if (v.isNull()) return "nothing";
    return "a string";
  }

  static String scalarText(JsonNode v) {
    return v.isValueNode() ? (v.isTextual() ? v.textValue() : v.asText()) : null;
  }

  static Set<String> keys(String... names) {
    return Set.copyOf(List.of(names));
  }
}
