package dev.bosun.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON Patch (RFC 6902) and JSON merge patch (RFC 7386) over Jackson trees. */
final class Patches {

  /** A patch the server must reject (422 Invalid / 409 for a failed test). */
  static final class PatchException extends Exception {
    final int code;

    PatchException(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private Patches() {}

  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy()
        : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    patch.properties().forEach(e -> {
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
      }
    });
    return result;
  }

  static JsonNode jsonPatch(JsonNode target, JsonNode ops) throws PatchException {
    if (!ops.isArray()) {
      throw new PatchException(400, "json patch must be an array of operations");
    }
    JsonNode doc = target.deepCopy();
    for (JsonNode op : ops) {
      String kind = op.path("op").asText();
      String path = op.path("path").asText(null);
      if (path == null) {
        throw new PatchException(422, "json patch operation is missing 'path'");
      }
      String[] parts = path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
      for (int i = 0; i < parts.length; i++) {
        parts[i] = parts[i].replace("~1", "/").replace("~0", "~");
      }
      if (parts.length == 0) {
        throw new PatchException(422, "json patch on the whole document is not supported");
      }
      JsonNode parent = doc;
      for (int i = 0; i < parts.length - 1; i++) {
        parent = parent.isArray() ? parent.path(Integer.parseInt(parts[i])) : parent.path(parts[i]);
        if (parent.isMissingNode()) {
          throw new PatchException(422, "doc is missing path: \"" + path + "\"");
        }
      }
      String last = parts[parts.length - 1];
      switch (kind) {
        case "add", "replace" -> {
          JsonNode value = op.get("value");
          if (value == null) {
            throw new PatchException(422, "json patch " + kind + " operation needs 'value'");
          }
          if (parent.isObject()) {
            if (kind.equals("replace") && !parent.has(last)) {
              throw new PatchException(
                  422, "replace operation does not apply: doc is missing key: " + path);
            }
            ((ObjectNode) parent).set(last, value);
          } else if (parent.isArray()) {
            ArrayNode a = (ArrayNode) parent;
            if (last.equals("-")) {
              a.add(value);
            } else if (kind.equals("add")) {
              a.insert(Integer.parseInt(last), value);
            } else {
              a.set(Integer.parseInt(last), value);
            }
          } else {
            throw new PatchException(422, "doc is missing path: \"" + path + "\"");
          }
        }
        case "remove" -> {
          if (parent.isObject() && parent.has(last)) {
            ((ObjectNode) parent).remove(last);
          } else if (parent.isArray() && Integer.parseInt(last) < parent.size()) {
            ((ArrayNode) parent).remove(Integer.parseInt(last));
          } else {
            throw new PatchException(
                422, "remove operation does not apply: doc is missing path: \"" + path + "\"");
          }
        }
        case "test" -> {
          JsonNode actual =
              parent.isArray() ? parent.path(Integer.parseInt(last)) : parent.path(last);
          if (!actual.equals(op.get("value"))) {
            throw new PatchException(
                422,
                "the server rejected our request due to an error in our request: testing value "
                    + path + " failed");
          }
        }
        default -> throw new PatchException(422, "Unexpected kind: " + kind);
      }
    }
    return doc;
  }
}
