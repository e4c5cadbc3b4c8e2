package dev.bosun.workflows.activities;

import java.util.List;
import java.util.Map;

/**
 * One Velero Backup resource to create.
 *
 * @param includedNamespaces empty = all namespaces
 * @param selector matchLabels; empty = every object; the sentinel is always included (orLabelSelectors)
 * @param ttl Velero's spec.ttl as Go duration text ({@code 720h0m0s}), or null for Velero's default
 */
public record VeleroBackupRequest(
    String veleroNamespace,
    String name,
    String storageLocation,
    List<String> includedNamespaces,
    List<String> excludedNamespaces,
    Map<String, String> selector,
    String ttl) {

  public VeleroBackupRequest {
    includedNamespaces = includedNamespaces == null ? List.of() : List.copyOf(includedNamespaces);
    excludedNamespaces = excludedNamespaces == null ? List.of() : List.copyOf(excludedNamespaces);
    selector = selector == null ? Map.of() : Map.copyOf(selector);
  }
}
