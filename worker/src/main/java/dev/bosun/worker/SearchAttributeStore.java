package dev.bosun.worker;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Map;
import java.util.Optional;

/** The server's registry of custom search attributes in one namespace (OperatorService). */
public interface SearchAttributeStore {

  /** Name → type of the custom attributes; empty when the server cannot list them. */
  Optional<Map<String, IndexedValueType>> list();

  /** Registers the attributes; throws {@link io.grpc.StatusRuntimeException} when refused. */
  void add(Map<String, IndexedValueType> attributes);
}
