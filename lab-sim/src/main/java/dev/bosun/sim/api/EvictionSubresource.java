package dev.bosun.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.sim.LabState;
import dev.bosun.sim.kube.EvictionOutcome;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST …/pods/{name}/eviction}: reads the Eviction, asks the store's decision, answers 201, 404 or 429 as the API server does. */
final class EvictionSubresource {

  private final LabState state;
  private final ObjectMapper json;

  EvictionSubresource(LabState state, ObjectMapper json) {
    this.state = state;
    this.json = json;
  }

  Reply evict(String ns, String name, byte[] body) {
    Long grace = null;
    try {
      JsonNode eviction = body.length == 0 ? json.createObjectNode() : json.readTree(body);
      JsonNode opts = eviction.path("deleteOptions");
      if (opts.has("gracePeriodSeconds")) {
        grace = opts.get("gracePeriodSeconds").asLong();
      }
      String bodyName = eviction.path("metadata").path("name").asText(name);
      if (!bodyName.equals(name)) {
        return Reply.status(
            400, "BadRequest", "name in URL does not match name in Eviction object", name, "pods");
      }
    } catch (IOException e) {
      return Reply.status(
          400, "BadRequest", "error decoding Eviction: " + e.getMessage(), null, null);
    }
    EvictionOutcome o = state.simStore().evict(ns, name, grace, state.now());
    return switch (o.code()) {
      case 201 -> {
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("kind", "Status");
        ok.put("apiVersion", "v1");
        ok.put("metadata", Map.of());
        ok.put("status", "Success");
        ok.put("code", 201);
        yield new Reply(201, ok);
      }
      case 404 -> Reply.status(404, "NotFound", "pods \"" + name + "\" not found", name, "pods");
      case 429 -> Reply.status(429, o.reason(), o.message(), null, null, o.budgetCause());
      default -> Reply.status(o.code(), o.reason(), o.message(), name, "pods");
    };
  }
}
