package dev.bosun.sim.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The sim API's objects of the kinds lab-sim keeps as plain JSON: ConfigMaps, Secrets, Services, ServiceAccounts,
 * CustomResourceDefinitions and the custom resources of the CRDs installed (Velero's). A namespace gets
 * {@code kube-root-ca.crt} and the {@code default} ServiceAccount, as the root-CA publisher and the service account
 * controller give every namespace of a real cluster. Not thread-safe: callers hold the lab lock.
 */
public final class GenericObjects {

  /** One kind kept here; {@code crd} names the CustomResourceDefinition that must exist for it to be served. */
  public record Kind(
      String group, String version, String plural, String kind, boolean namespaced, String crd) {

    public String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    /** The group-qualified resource, as Velero names a directory in its tarball ({@code configmaps}, {@code backups.velero.io}). */
    public String groupResource() {
      return group.isEmpty() ? plural : plural + "." + group;
    }
  }

  public static final String VELERO_GROUP = "velero.io";

  /** Velero v1.18's CRDs in group velero.io/v1 (and v2alpha1: DataDownload, DataUpload), in `velero install`'s order. */
  public static final List<String> VELERO_KINDS = List.of(
      "BackupRepository",
      "Backup",
      "BackupStorageLocation",
      "DeleteBackupRequest",
      "DownloadRequest",
      "PodVolumeBackup",
      "PodVolumeRestore",
      "Restore",
      "Schedule",
      "ServerStatusRequest",
      "VolumeSnapshotLocation");

  public static final List<Kind> KINDS = kinds();

  private final Map<String, Map<String, ObjectNode>> byKind = new LinkedHashMap<>();
  private final Supplier<String> nextResourceVersion;

  GenericObjects(Supplier<String> nextResourceVersion) {
    this.nextResourceVersion = nextResourceVersion;
  }

  private static List<Kind> kinds() {
    List<Kind> k = new ArrayList<>(List.of(
        new Kind("", "v1", "configmaps", "ConfigMap", true, null),
        new Kind("", "v1", "secrets", "Secret", true, null),
        new Kind("", "v1", "services", "Service", true, null),
        new Kind("", "v1", "serviceaccounts", "ServiceAccount", true, null),
        new Kind(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "CustomResourceDefinition",
            false,
            null)));
    for (String kind : VELERO_KINDS) {
      String lower = kind.toLowerCase(java.util.Locale.ROOT);
      String plural = lower.endsWith("y")
          ? lower.substring(0, lower.length() - 1) + "ies"
          : lower + (lower.endsWith("s") ? "es" : "s");
      k.add(new Kind(VELERO_GROUP, "v1", plural, kind, true, plural + "." + VELERO_GROUP));
    }
    for (String kind : List.of("DataDownload", "DataUpload")) {
      String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
      k.add(new Kind(VELERO_GROUP, "v2alpha1", plural, kind, true, plural + "." + VELERO_GROUP));
    }
    return List.copyOf(k);
  }

  public static Optional<Kind> kind(String group, String plural) {
    return KINDS.stream()
        .filter(k -> k.group().equals(group) && k.plural().equals(plural))
        .findFirst();
  }

  public static Kind kindOf(String kind) {
    return KINDS.stream()
        .filter(k -> k.kind().equals(kind))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("lab-sim keeps no kind " + kind));
  }

  /** Whether the API serves {@code k} now: built-in kinds always, a custom resource once its CRD exists. */
  public boolean served(Kind k) {
    return k.crd() == null || get(kindOf("CustomResourceDefinition"), null, k.crd()) != null;
  }

  public List<ObjectNode> list(Kind k, String namespace) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode o :
        byKind.getOrDefault(k.plural() + "." + k.group(), Map.of()).values()) {
      if (namespace == null
          || namespace.equals(o.path("metadata").path("namespace").asText())) {
        out.add(o);
      }
    }
    return out;
  }

  public ObjectNode get(Kind k, String namespace, String name) {
    return byKind.getOrDefault(k.plural() + "." + k.group(), Map.of()).get(key(k, namespace, name));
  }

  /** Creates {@code o} (apiVersion, kind, uid, creationTimestamp, resourceVersion set as the API server sets them); false if it exists. */
  public boolean create(Kind k, ObjectNode o, long now) {
    ObjectNode meta = o.with("metadata");
    String key = key(k, meta.path("namespace").asText(null), meta.path("name").asText());
    Map<String, ObjectNode> objects =
        byKind.computeIfAbsent(k.plural() + "." + k.group(), x -> new LinkedHashMap<>());
    if (objects.containsKey(key)) {
      return false;
    }
    o.put("apiVersion", k.apiVersion());
    o.put("kind", k.kind());
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", KubeObjects.timestamp(now));
    meta.put("generation", 1);
    if (!k.namespaced()) {
      meta.remove("namespace");
    }
    meta.put("resourceVersion", nextResourceVersion.get());
    objects.put(key, o);
    return true;
  }

  /** Replaces a stored object keeping its identity (uid, creationTimestamp), with a new resourceVersion. */
  public ObjectNode replace(Kind k, ObjectNode o) {
    ObjectNode meta = o.with("metadata");
    String key = key(k, meta.path("namespace").asText(null), meta.path("name").asText());
    ObjectNode old = byKind.get(k.plural() + "." + k.group()).get(key);
    meta.set("uid", old.path("metadata").path("uid"));
    meta.set("creationTimestamp", old.path("metadata").path("creationTimestamp"));
    meta.put("resourceVersion", nextResourceVersion.get());
    o.put("apiVersion", k.apiVersion());
    o.put("kind", k.kind());
    byKind.get(k.plural() + "." + k.group()).put(key, o);
    return o;
  }

  public ObjectNode delete(Kind k, String namespace, String name) {
    Map<String, ObjectNode> objects = byKind.get(k.plural() + "." + k.group());
    return objects == null ? null : objects.remove(key(k, namespace, name));
  }

  /** What the namespace controllers add to a new namespace. */
  void namespaceCreated(String namespace, String caPem, long now) {
    ObjectNode ca = KubeJson.MAPPER.createObjectNode();
    ca.with("metadata").put("name", "kube-root-ca.crt").put("namespace", namespace);
    ca.with("metadata")
        .with("annotations")
        .put(
            "kubernetes.io/description",
            "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.");
    ca.with("data").put("ca.crt", caPem);
    create(kindOf("ConfigMap"), ca, now);
    ObjectNode sa = KubeJson.MAPPER.createObjectNode();
    sa.with("metadata").put("name", "default").put("namespace", namespace);
    create(kindOf("ServiceAccount"), sa, now);
  }

  /** Drops a deleted namespace's objects. */
  void namespaceDeleted(String namespace) {
    for (Map<String, ObjectNode> objects : byKind.values()) {
      objects
          .values()
          .removeIf(o -> namespace.equals(o.path("metadata").path("namespace").asText()));
    }
  }

  private static String key(Kind k, String namespace, String name) {
    return k.namespaced() ? namespace + "/" + name : name;
  }
}
