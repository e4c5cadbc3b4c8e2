package dev.bosun.sim.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One answer of the API server: the HTTP code and the body (a String is sent as text, anything else as JSON). */
record Reply(int code, Object body) {

  /** 415 for a patch type the resource does not take; {@code accepted} lists the ones it does. */
  static Reply unsupportedPatch(String accepted) {
    return status(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + accepted,
        null,
        null);
  }

  /** 405 for a verb the resource does not take. */
  static Reply methodNotAllowed(String name, String kind) {
    return status(
        405,
        "MethodNotAllowed",
        "the server does not allow this method on the requested resource",
        name,
        kind);
  }

  /** A failure {@code Status} object as the API server sends it. */
  static Reply status(int code, String reason, String message, String name, String kind) {
    return status(code, reason, message, name, kind, null);
  }

  /** A failure {@code Status} object; {@code budgetCause}, when given, is its {@code DisruptionBudget} cause. */
  static Reply status(
      int code, String reason, String message, String name, String kind, String budgetCause) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.put("metadata", Map.of());
    s.put("status", "Failure");
    s.put("message", message);
    s.put("reason", reason);
    Map<String, Object> details = new LinkedHashMap<>();
    if (name != null) {
      details.put("name", name);
    }
    if (kind != null) {
      details.put("kind", kind);
    }
    if (budgetCause != null) {
      details.put("causes", List.of(Map.of("reason", "DisruptionBudget", "message", budgetCause)));
    }
    if (!details.isEmpty()) {
      s.put("details", details);
    }
    s.put("code", code);
    return new Reply(code, s);
  }
}
