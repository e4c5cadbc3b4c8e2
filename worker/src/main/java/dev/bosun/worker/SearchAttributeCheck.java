package dev.bosun.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure Bosun's search attributes exist before workflows upsert them (an unknown attribute makes
 * the workflow task fail forever). Missing ones are added when allowed; otherwise a {@link
 * SearchAttributesMissingException} lists the commands that add them.
 */
public final class SearchAttributeCheck {

  private static final Logger log = LoggerFactory.getLogger(SearchAttributeCheck.class);

  private SearchAttributeCheck() {}

  /**
   * @param wanted name → Temporal type name ("Keyword", "Int", ...), e.g. {@code BosunSearchAttributes.ALL}
   * @return the names this call added
   */
  public static List<String> ensure(
      SearchAttributeStore store, String namespace, Map<String, String> wanted, boolean create) {
    Map<String, IndexedValueType> types = new TreeMap<>();
    wanted.forEach((name, type) -> types.put(name, indexedValueType(name, type)));
    Optional<Map<String, IndexedValueType>> existing = store.list();
    if (existing.isEmpty()) {
      return addOneByOne(store, namespace, wanted, types, create);
    }
    Map<String, String> missing = new TreeMap<>();
    for (Map.Entry<String, IndexedValueType> e : types.entrySet()) {
      IndexedValueType found = existing.get().get(e.getKey());
      if (found == null) {
        missing.put(e.getKey(), wanted.get(e.getKey()));
      } else if (found != e.getValue()) {
        throw new IllegalStateException("search attribute " + e.getKey() + " exists in namespace '"
            + namespace + "' as " + found
            + " but Bosun needs " + wanted.get(e.getKey())
            + "; remove it (temporal operator search-attribute remove --name "
            + e.getKey() + ") or use another namespace");
      }
    }
    if (missing.isEmpty()) {
      log.info("search attributes present in namespace '{}': {}", namespace, types.keySet());
      return List.of();
    }
    if (!create) {
      throw new SearchAttributesMissingException(
          namespace, missing, "bosun.worker.create-search-attributes is false");
    }
    Map<String, IndexedValueType> toAdd = new LinkedHashMap<>();
    missing.keySet().forEach(name -> toAdd.put(name, types.get(name)));
    try {
      store.add(toAdd);
    } catch (StatusRuntimeException e) {
      throw new SearchAttributesMissingException(
          namespace, missing, "the server refused to add them: " + describe(e));
    }
    log.info("added search attributes to namespace '{}': {}", namespace, missing.keySet());
    return List.copyOf(missing.keySet());
  }

  /** Without a listing (the SDK's test server), add each one; "already exists" means present. */
  private static List<String> addOneByOne(
      SearchAttributeStore store,
      String namespace,
      Map<String, String> wanted,
      Map<String, IndexedValueType> types,
      boolean create) {
    if (!create) {
      log.warn(
          "the server cannot list search attributes; assuming {} exist in namespace '{}'",
          types.keySet(),
          namespace);
      return List.of();
    }
    List<String> added = new ArrayList<>();
    Map<String, String> refused = new TreeMap<>();
    String reason = null;
    for (Map.Entry<String, IndexedValueType> e : types.entrySet()) {
      try {
        store.add(Map.of(e.getKey(), e.getValue()));
        added.add(e.getKey());
      } catch (StatusRuntimeException ex) {
        if (ex.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
          refused.put(e.getKey(), wanted.get(e.getKey()));
          reason = describe(ex);
        }
      }
    }
    if (!refused.isEmpty()) {
      throw new SearchAttributesMissingException(
          namespace, refused, "the server refused to add them: " + reason);
    }
    log.info(
        "search attributes ensured in namespace '{}' (added or already there): {}",
        namespace,
        types.keySet());
    return added;
  }

  static IndexedValueType indexedValueType(String name, String type) {
    return switch (type) {
      case "Keyword" -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
      case "Text" -> IndexedValueType.INDEXED_VALUE_TYPE_TEXT;
      case "Int" -> IndexedValueType.INDEXED_VALUE_TYPE_INT;
      case "Double" -> IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE;
      case "Bool" -> IndexedValueType.INDEXED_VALUE_TYPE_BOOL;
      case "Datetime" -> IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
      case "KeywordList" -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST;
      default ->
        throw new IllegalArgumentException(
            "search attribute " + name + " has unknown type '" + type + "'");
    };
  }

  private static String describe(StatusRuntimeException e) {
    return e.getStatus().getCode()
        + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
  }
}
