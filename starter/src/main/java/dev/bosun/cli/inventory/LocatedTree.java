package dev.bosun.cli.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a Jackson tree that remembers where every value (and every mapping key)
 * was written, so that each problem can name its line and column. Built with the streaming parser
 * because a plain {@code readTree} forgets locations.
 */
final class LocatedTree {

  /** A 1-based line and column. */
  record Position(int line, int column) {
    static final Position NONE = new Position(0, 0);
  }

  /** Thrown for input that is not one YAML document; carries the position of the trouble. */
  static final class SyntaxProblem extends Exception {
    private final Position position;

    SyntaxProblem(String message, Position position) {
      super(message);
      this.position = position;
    }

    Position position() {
      return position;
    }
  }

  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private final JsonNode root;
  private final Map<String, Position> values;
  private final Map<String, Position> keys;
  private final List<String> duplicateKeys;

  private LocatedTree(
      JsonNode root,
      Map<String, Position> values,
      Map<String, Position> keys,
      List<String> duplicateKeys) {
    this.root = root;
    this.values = values;
    this.keys = keys;
    this.duplicateKeys = duplicateKeys;
  }

  /** Parses exactly one document; null root for an empty (or comments-only) file. */
  static LocatedTree parse(String text) throws SyntaxProblem {
    Builder b = new Builder();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new LocatedTree(null, b.values, b.keys, b.duplicates);
      }
      JsonNode root = b.read(p, "");
      if (p.nextToken() != null) {
        throw new SyntaxProblem(
            "more than one YAML document (found a second one): an inventory file describes one cluster",
            position(p.currentTokenLocation()));
      }
      return new LocatedTree(root, b.values, b.keys, b.duplicates);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SyntaxProblem(
          "not valid YAML: " + firstLine(e.getOriginalMessage()), position(e.getLocation()));
    } catch (IOException e) {
      throw new SyntaxProblem("cannot read: " + e.getMessage(), Position.NONE);
    }
  }

  JsonNode root() {
    return root;
  }

  /** Where the value at {@code path} starts; the nearest located ancestor when it is absent. */
  Position valueAt(String path) {
    String p = path;
    while (true) {
      Position pos = values.get(p);
      if (pos != null) {
        return pos;
      }
      if (p.isEmpty()) {
        return Position.NONE;
      }
      p = parent(p);
    }
  }

  /** Where the key of the entry at {@code path} was written (falls back to its value). */
  Position keyAt(String path) {
    Position pos = keys.get(path);
    return pos != null ? pos : valueAt(path);
  }

  /** Paths of mapping keys written twice (YAML forbids it; Jackson would keep the last silently). */
  List<String> duplicateKeys() {
    return duplicateKeys;
  }

  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String item(String parent, int index) {
    return parent + "[" + index + "]";
  }

  private static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut < 0 ? "" : path.substring(0, cut);
  }

  private static Position position(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 1) {
      return Position.NONE;
    }
    return new Position(loc.getLineNr(), Math.max(1, loc.getColumnNr()));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }

  private static final class Builder {
    final Map<String, Position> values = new HashMap<>();
    final Map<String, Position> keys = new HashMap<>();
    final List<String> duplicates = new ArrayList<>();
    final JsonNodeFactory nodes = JsonNodeFactory.instance;

    JsonNode read(JsonParser p, String path) throws IOException {
      values.put(path, position(p.currentTokenLocation()));
      JsonToken t = p.currentToken();
      switch (t) {
        case START_OBJECT -> {
          ObjectNode obj = nodes.objectNode();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String childPath = child(path, name);
            Position keyPos = position(p.currentTokenLocation());
            p.nextToken();
            JsonNode value = read(p, childPath);
            if (obj.has(name)) {
              duplicates.add(childPath);
            } else {
              keys.put(childPath, keyPos);
            }
            obj.set(name, value);
          }
          return obj;
        }
        case START_ARRAY -> {
          ArrayNode arr = nodes.arrayNode();
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            arr.add(read(p, item(path, i++)));
          }
          return arr;
        }
        case VALUE_STRING -> {
          return nodes.textNode(p.getText());
        }
        case VALUE_NUMBER_INT -> {
          return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? nodes.numberNode(p.getBigIntegerValue())
              : nodes.numberNode(p.getLongValue());
        }
        case VALUE_NUMBER_FLOAT -> {
          // keep the text as written: "version: 1.30" must be reported as 1.30, not 1.3
          try {
            return nodes.numberNode(new java.math.BigDecimal(p.getText()));
          } catch (NumberFormatException e) {
            return nodes.textNode(
                p.getText()); // .inf, .nan: reported by whatever rule wanted a number
          }
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          return nodes.booleanNode(t == JsonToken.VALUE_TRUE);
        }
        case VALUE_NULL -> {
          return nodes.nullNode();
        }
        default -> {
          return nodes.textNode(p.getText());
        }
      }
    }
  }
}
