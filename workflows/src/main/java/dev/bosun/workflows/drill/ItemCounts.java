package dev.bosun.workflows.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Velero's resource lists ({@code <backup>-resource-list.json.gz}, {@code restore-<r>-resource-list.json.gz}: kind →
 * {@code namespace/name} or {@code name}) compared per kind. A kind Velero never restores (its restore's
 * non-restorable list, velero v1.18 {@code pkg/restore/restore.go}) is not counted against the restore.
 */
public final class ItemCounts {

  /** Velero v1.18's nonRestorableResources: backed up, never restored. */
  static final Set<String> NOT_RESTORED = Set.of(
      "v1/Node",
      "v1/Event",
      "events.k8s.io/v1/Event",
      "velero.io/v1/Backup",
      "velero.io/v1/Restore",
      "velero.io/v1/ResticRepository",
      "velero.io/v1/BackupRepository",
      "storage.k8s.io/v1/CSINode",
      "storage.k8s.io/v1/VolumeAttachment");

  private ItemCounts() {}

  /** Count per kind. */
  public static Map<String, Long> counts(Map<String, List<String>> resourceList) {
    Map<String, Long> c = new TreeMap<>();
    resourceList.forEach((kind, items) -> c.put(kind, (long) items.size()));
    return c;
  }

  /** The namespaces that hold at least one item (cluster-scoped items have no {@code namespace/}). */
  public static List<String> namespaces(Map<String, List<String>> resourceList) {
    Set<String> ns = new TreeSet<>();
    resourceList
        .values()
        .forEach(items -> items.stream()
            .filter(i -> i.contains("/"))
            .forEach(i -> ns.add(i.substring(0, i.indexOf('/')))));
    return List.copyOf(ns);
  }

  /** Each kind whose restored count differs from the backup's ({@code kind backed up N, restored M}); empty = equal. */
  public static List<String> differences(Map<String, Long> backedUp, Map<String, Long> restored) {
    List<String> d = new ArrayList<>();
    Set<String> kinds = new TreeSet<>(backedUp.keySet());
    kinds.addAll(restored.keySet());
    for (String kind : kinds) {
      long b = backedUp.getOrDefault(kind, 0L);
      long r = restored.getOrDefault(kind, 0L);
      if (b != r && !NOT_RESTORED.contains(kind)) {
        d.add(kind + " backed up " + b + ", restored " + r);
      }
    }
    return d;
  }
}
