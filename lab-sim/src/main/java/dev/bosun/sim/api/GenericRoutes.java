package dev.bosun.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.sim.LabState;
import dev.bosun.sim.kube.GenericObjects;
import dev.bosun.sim.kube.KubeJson;
import java.io.IOException;

/**
 * The kinds kept as JSON ({@link GenericObjects}): LIST, GET, POST, PUT, PATCH (merge, json) and DELETE. A custom
 * resource is served only while its CRD exists, otherwise 404 as from a real API server.
 */
final class GenericRoutes {

  private final LabState state;

  GenericRoutes(LabState state) {
    this.state = state;
  }

  /** The reply for a request on {@code k}, or null when the kind is not served (the caller answers 404). */
  Reply handle(
      GenericObjects.Kind k,
      String method,
      String ns,
      String name,
      String sub,
      String contentType,
      byte[] body) {
    GenericObjects store = state.simStore().generic();
    if (!store.served(k)
        || (ns != null && !k.namespaced())
        || sub != null && !sub.equals("status")) {
      return null;
    }
    String what = k.groupResource();
    if (name == null) {
      return switch (method) {
        case "GET" -> new Reply(200, list(store, k, ns));
        case "POST" -> create(store, k, ns, body);
        default -> Reply.methodNotAllowed(null, null);
      };
    }
    ObjectNode current = store.get(k, ns, name);
    if (current == null && method.equals("PATCH") && isApply(contentType)) {
      return create(store, k, ns, body); // server-side apply of a new object creates it
    }
    if (current == null) {
      return Reply.status(404, "NotFound", what + " \"" + name + "\" not found", name, k.plural());
    }
    try {
      return switch (method) {
        case "GET" -> new Reply(200, current);
        case "DELETE" -> new Reply(200, store.delete(k, ns, name));
        case "PUT" -> put(store, k, current, KubeJson.MAPPER.readTree(body));
        case "PATCH" -> patch(store, k, current, contentType, KubeJson.MAPPER.readTree(body));
        default -> Reply.methodNotAllowed(name, k.plural());
      };
    } catch (IOException e) {
      return Reply.status(400, "BadRequest", "error decoding body: " + e.getMessage(), null, null);
    } catch (Patches.PatchException e) {
      return Reply.status(
          e.code, e.code == 409 ? "Conflict" : "Invalid", e.getMessage(), name, k.plural());
    }
  }

  private ObjectNode list(GenericObjects store, GenericObjects.Kind k, String ns) {
    ObjectNode list = KubeJson.MAPPER.createObjectNode();
    list.put("kind", k.kind() + "List");
    list.put("apiVersion", k.apiVersion());
    list.putObject("metadata").put("resourceVersion", state.simStore().currentResourceVersion());
    ArrayNode items = list.putArray("items");
    store.list(k, ns).forEach(items::add);
    return list;
  }

  private Reply create(GenericObjects store, GenericObjects.Kind k, String ns, byte[] body) {
    try {
      JsonNode parsed = KubeJson.MAPPER.readTree(body);
      if (!(parsed instanceof ObjectNode o)
          || o.path("metadata").path("name").asText().isEmpty()) {
        return Reply.status(
            422, "Invalid", k.kind() + " is invalid: metadata.name: Required value", null, null);
      }
      if (k.namespaced()) {
        if (state.simStore().namespace(ns) == null) {
          return Reply.status(
              404, "NotFound", "namespaces \"" + ns + "\" not found", ns, "namespaces");
        }
        o.with("metadata").put("namespace", ns);
      }
      String name = o.path("metadata").path("name").asText();
      if (!store.create(k, o, state.now())) {
        return Reply.status(
            409,
            "AlreadyExists",
            k.groupResource() + " \"" + name + "\" already exists",
            name,
            k.plural());
      }
      return new Reply(201, o);
    } catch (IOException e) {
      return Reply.status(400, "BadRequest", "error decoding body: " + e.getMessage(), null, null);
    }
  }

  private Reply put(
      GenericObjects store, GenericObjects.Kind k, ObjectNode current, JsonNode next) {
    String rv = next.path("metadata").path("resourceVersion").asText("");
    if (!rv.isEmpty()
        && !rv.equals(current.path("metadata").path("resourceVersion").asText())) {
      String name = current.path("metadata").path("name").asText();
      return Reply.status(
          409,
          "Conflict",
          "Operation cannot be fulfilled on " + k.groupResource() + " \"" + name
              + "\": the object has been modified; please apply your changes to the latest version and try again",
          name,
          k.plural());
    }
    return replace(store, k, current, next);
  }

  private Reply patch(
      GenericObjects store,
      GenericObjects.Kind k,
      ObjectNode current,
      String contentType,
      JsonNode patch)
      throws Patches.PatchException {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode patched = switch (ct) {
      case "application/json-patch+json" -> Patches.jsonPatch(current.deepCopy(), patch);
      case "application/merge-patch+json" -> Patches.merge(current.deepCopy(), patch);
      // server-side apply, without field managers: the applied fields win (what a sole manager
      // sees)
      case "application/apply-patch+yaml" -> Patches.merge(current.deepCopy(), patch);
      default -> null;
    };
    if (patched == null) {
      // custom resources take no strategic merge patch (no Go struct tags to merge by)
      return Reply.unsupportedPatch(
          "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
    }
    return replace(store, k, current, patched);
  }

  private static boolean isApply(String contentType) {
    return contentType != null
        && contentType.split(";")[0].trim().equals("application/apply-patch+yaml");
  }

  private Reply replace(
      GenericObjects store, GenericObjects.Kind k, ObjectNode current, JsonNode next) {
    String name = current.path("metadata").path("name").asText();
    if (!(next instanceof ObjectNode o)
        || !name.equals(next.path("metadata").path("name").asText())) {
      return Reply.status(
          400,
          "BadRequest",
          "the name of the object does not match the name on the URL (" + name + ")",
          name,
          k.plural());
    }
    if (k.namespaced()) {
      o.with("metadata").set("namespace", current.path("metadata").path("namespace"));
    }
    return new Reply(200, store.replace(k, o));
  }
}
