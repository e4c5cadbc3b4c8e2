package dev.bosun.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.sim.LabState;
import dev.bosun.sim.kube.ClusterStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.util.Map;

/** The writes to one object: PATCH (json, merge, strategic-merge), PUT (resourceVersion conflicts) and DELETE (graceful for pods). */
final class ObjectWrites {

  private final LabState state;
  private final ObjectMapper json;

  ObjectWrites(LabState state, ObjectMapper json) {
    this.state = state;
    this.json = json;
  }

  Reply patch(Resource r, HasMetadata obj, String contentType, byte[] body) {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim();
    try {
      JsonNode current = json.valueToTree(obj);
      JsonNode patch = json.readTree(body);
      JsonNode patched = switch (ct) {
        case "application/json-patch+json" -> Patches.jsonPatch(current, patch);
        case "application/merge-patch+json", "application/strategic-merge-patch+json" ->
          Patches.merge(current, patch);
        default -> null;
      };
      if (patched == null) {
        return Reply.unsupportedPatch(
            "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json");
      }
      return store(r, obj, patched);
    } catch (Patches.PatchException e) {
      return Reply.status(
          e.code,
          e.code == 409 ? "Conflict" : "Invalid",
          e.getMessage(),
          obj.getMetadata().getName(),
          r.plural());
    } catch (IOException e) {
      return Reply.status(400, "BadRequest", "error decoding patch: " + e.getMessage(), null, null);
    }
  }

  Reply put(Resource r, HasMetadata obj, byte[] body) {
    try {
      JsonNode updated = json.readTree(body);
      String rv = updated.path("metadata").path("resourceVersion").asText("");
      if (!rv.isEmpty() && !rv.equals(obj.getMetadata().getResourceVersion())) {
        return Reply.status(
            409,
            "Conflict",
            "Operation cannot be fulfilled on " + r.plural() + " \""
                + obj.getMetadata().getName()
                + "\": the object has been modified; please apply your changes to the latest version and try again",
            obj.getMetadata().getName(),
            r.plural());
      }
      return store(r, obj, updated);
    } catch (IOException e) {
      return Reply.status(400, "BadRequest", "error decoding body: " + e.getMessage(), null, null);
    }
  }

  /** Writes an updated object back, keeping identity (name, namespace, uid, creationTimestamp) as the API server does. */
  private Reply store(Resource r, HasMetadata old, JsonNode updated) throws IOException {
    HasMetadata next = json.treeToValue(updated, r.type());
    if (next.getMetadata() == null
        || !old.getMetadata().getName().equals(next.getMetadata().getName())) {
      return Reply.status(
          400,
          "BadRequest",
          "the name of the object ("
              + (next.getMetadata() == null ? "" : next.getMetadata().getName())
              + ") does not match the name on the URL (" + old.getMetadata().getName() + ")",
          old.getMetadata().getName(),
          r.plural());
    }
    next.getMetadata().setUid(old.getMetadata().getUid());
    next.getMetadata().setNamespace(old.getMetadata().getNamespace());
    next.getMetadata().setCreationTimestamp(old.getMetadata().getCreationTimestamp());
    state.simStore().replace(next);
    return new Reply(200, next);
  }

  /** POST of a Namespace or a Deployment (what a restore or a client creates); other typed kinds are made by the lab. */
  Reply create(Resource r, String ns, byte[] body) {
    try {
      HasMetadata obj = json.readValue(body, r.type());
      String name = obj.getMetadata() == null ? null : obj.getMetadata().getName();
      if (name == null || name.isEmpty()) {
        return Reply.status(
            422, "Invalid", r.kind() + " is invalid: metadata.name: Required value", null, null);
      }
      ClusterStore store = state.simStore();
      boolean created;
      if (obj instanceof Namespace) {
        created = store.namespace(name) == null;
        store.addNamespace(name, state.now());
      } else if (obj instanceof Deployment d && ns != null) {
        if (store.namespace(ns) == null) {
          return Reply.status(
              404, "NotFound", "namespaces \"" + ns + "\" not found", ns, "namespaces");
        }
        d.getMetadata().setNamespace(ns);
        created = store.addDeployment(d, state.now());
      } else {
        return Reply.status(
            405, "MethodNotAllowed", "lab-sim does not create " + r.plural(), name, r.plural());
      }
      if (!created) {
        return Reply.status(
            409,
            "AlreadyExists",
            r.plural() + (r.group().isEmpty() ? "" : "." + r.group()) + " \"" + name
                + "\" already exists",
            name,
            r.plural());
      }
      return new Reply(201, obj instanceof Namespace ? store.namespace(name) : obj);
    } catch (IOException e) {
      return Reply.status(400, "BadRequest", "error decoding body: " + e.getMessage(), null, null);
    }
  }

  Reply delete(Resource r, HasMetadata obj, Map<String, String> q, byte[] body) {
    Long grace =
        q.containsKey("gracePeriodSeconds") ? Long.valueOf(q.get("gracePeriodSeconds")) : null;
    if (grace == null && body.length > 0) {
      try {
        JsonNode opts = json.readTree(body);
        if (opts.has("gracePeriodSeconds")) {
          grace = opts.get("gracePeriodSeconds").asLong();
        }
      } catch (IOException e) {
        return Reply.status(
            400, "BadRequest", "error decoding DeleteOptions: " + e.getMessage(), null, null);
      }
    }
    if (obj instanceof Pod p) {
      Pod deleted = state
          .simStore()
          .deletePod(p.getMetadata().getNamespace(), p.getMetadata().getName(), grace, state.now());
      return new Reply(200, deleted);
    }
    if (obj instanceof Node n) {
      state.simStore().removeNode(n.getMetadata().getName());
      return new Reply(200, n);
    }
    return Reply.status(
        405,
        "MethodNotAllowed",
        "lab-sim does not delete " + r.plural(),
        obj.getMetadata().getName(),
        r.plural());
  }
}
