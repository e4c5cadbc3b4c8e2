package dev.bosun.sim.velero;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The fields Velero's server defaults on a Backup and a Restore when it accepts them (as v1.18.3 sets them). */
final class VeleroSpecs {

  private VeleroSpecs() {}

  static void defaultBackup(ObjectNode backup, ObjectNode location, String clusterVersion) {
    ObjectNode spec = backup.with("spec");
    String bsl = location.path("metadata").path("name").asText();
    spec.put("storageLocation", bsl);
    putIfAbsent(spec, "ttl", "720h0m0s");
    putIfAbsent(spec, "csiSnapshotTimeout", "10m0s");
    putIfAbsent(spec, "itemOperationTimeout", "4h0m0s");
    putIfAbsent(spec, "volumeGroupSnapshotLabelKey", "velero.io/volume-group");
    if (!spec.has("defaultVolumesToFsBackup")) {
      spec.put("defaultVolumesToFsBackup", false);
    }
    if (!spec.has("snapshotMoveData")) {
      spec.put("snapshotMoveData", false);
    }
    if (!spec.has("excludedClusterScopedResources")) {
      spec.putArray("excludedClusterScopedResources")
          .add("volumesnapshotcontents.snapshot.storage.k8s.io");
    }
    if (!spec.has("excludedNamespaceScopedResources")) {
      spec.putArray("excludedNamespaceScopedResources")
          .add("volumesnapshots.snapshot.storage.k8s.io");
    }
    spec.with("hooks");
    ObjectNode meta = backup.with("metadata");
    meta.with("labels").put("velero.io/storage-location", bsl);
    String v = clusterVersion.startsWith("v") ? clusterVersion.substring(1) : clusterVersion;
    String[] parts = v.split("\\.");
    meta.with("annotations")
        .put("velero.io/resource-timeout", "10m0s")
        .put("velero.io/source-cluster-k8s-gitversion", clusterVersion)
        .put("velero.io/source-cluster-k8s-major-version", parts[0])
        .put("velero.io/source-cluster-k8s-minor-version", parts.length > 1 ? parts[1] : "0");
  }

  static void defaultRestore(ObjectNode restore) {
    ObjectNode spec = restore.with("spec");
    if (!spec.has("excludedResources")) {
      RestoreRun.EXCLUDED.forEach(spec.putArray("excludedResources")::add);
    }
    putIfAbsent(spec, "itemOperationTimeout", "4h0m0s");
  }

  private static void putIfAbsent(ObjectNode o, String field, String value) {
    if (!o.has(field)) {
      o.put(field, value);
    }
  }
}
