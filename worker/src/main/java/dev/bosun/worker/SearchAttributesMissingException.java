package dev.bosun.worker;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Bosun's search attributes are missing on the server and the worker could not (or may not) add them. */
public class SearchAttributesMissingException extends RuntimeException {

  private final Map<String, String> missing;

  public SearchAttributesMissingException(
      String namespace, Map<String, String> missing, String reason) {
    super(message(namespace, missing, reason));
    this.missing = Map.copyOf(missing);
  }

  /** Name → Temporal type (Keyword, Int) of each missing attribute. */
  public Map<String, String> missing() {
    return missing;
  }

  /** The commands an operator runs once, with the Temporal CLI, to register them. */
  public static List<String> createCommands(String namespace, Map<String, String> missing) {
    return missing.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> "temporal operator search-attribute create --namespace " + namespace + " --name "
            + e.getKey() + " --type " + e.getValue())
        .toList();
  }

  private static String message(String namespace, Map<String, String> missing, String reason) {
    return "Bosun's search attributes "
        + missing.keySet().stream().sorted().collect(Collectors.joining(", "))
        + " are missing in namespace '" + namespace + "' (" + reason
        + "). Create them once with:\n  "
        + String.join("\n  ", createCommands(namespace, missing));
  }
}
