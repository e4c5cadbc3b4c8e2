package dev.bosun.activities.backup;

import static dev.bosun.activities.kube.KubernetesActivitiesImpl.api;

import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.workflows.activities.Sentinel;
import dev.bosun.workflows.activities.VeleroBackupRequest;
import dev.bosun.workflows.activities.VeleroStatus;
import dev.bosun.workflows.backup.VeleroPhase;
import dev.bosun.workflows.model.ClusterTarget;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Velero's resources as fabric8 generic resources (velero.io/v1; no Velero Java model): the Backup to create and
 * the status read back. Pure; shared with the restore drill (Restore has the same status shape).
 */
public final class VeleroResources {

  public static final String API_VERSION = "velero.io/v1";
  /** The sentinel's label: with a label selector the Backup still takes the sentinel (orLabelSelectors). */
  public static final String SENTINEL_LABEL = "bosun.dev/sentinel";

  private static final Duration POLL = Duration.ofSeconds(1);

  private VeleroResources() {}

  /** Velero's {@code kind} in the API (plural given, so fabric8 needs no discovery round). */
  public static ResourceDefinitionContext context(String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("velero.io")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(kind.toLowerCase(Locale.ROOT) + "s")
        .withNamespaced(true)
        .build();
  }

  /** The Backup: the inventory's namespaces and selector, always with the sentinel; no volume snapshots asked. */
  public static GenericKubernetesResource backup(VeleroBackupRequest r) {
    Map<String, Object> spec = new LinkedHashMap<>();
    if (!r.includedNamespaces().isEmpty()) {
      List<String> namespaces = new ArrayList<>(r.includedNamespaces());
      if (!namespaces.contains(Sentinel.NAMESPACE)) {
        namespaces.add(Sentinel.NAMESPACE);
      }
      spec.put("includedNamespaces", namespaces);
    }
    if (!r.excludedNamespaces().isEmpty()) {
      spec.put("excludedNamespaces", r.excludedNamespaces());
    }
    if (!r.selector().isEmpty()) {
      spec.put(
          "orLabelSelectors",
          List.of(
              Map.of("matchLabels", new java.util.TreeMap<>(r.selector())),
              Map.of("matchLabels", Map.of(SENTINEL_LABEL, "true"))));
    }
    spec.put("storageLocation", r.storageLocation());
    if (r.ttl() != null) {
      spec.put("ttl", r.ttl());
    }
    GenericKubernetesResource b = new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind("Backup")
        .withNewMetadata()
        .withName(r.name())
        .withNamespace(r.veleroNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "bosun")
        .endMetadata()
        .build();
    b.setAdditionalProperty("spec", spec);
    return b;
  }

  /** The location with {@code spec.accessMode: ReadOnly} (the rest of its spec as {@code velero install} wrote it). */
  @SuppressWarnings("unchecked")
  public static GenericKubernetesResource readOnly(GenericKubernetesResource location) {
    Object spec = location.getAdditionalProperties().get("spec");
    Map<String, Object> s = spec instanceof Map<?, ?> m
        ? new LinkedHashMap<>((Map<String, Object>) m)
        : new LinkedHashMap<>();
    s.put("accessMode", "ReadOnly");
    location.setAdditionalProperty("spec", s);
    return location;
  }

  /** The Restore of a backup, every item of it (the scratch cluster is empty: nothing to skip). */
  public static GenericKubernetesResource restore(
      String namespace, String name, String backupName) {
    GenericKubernetesResource r = new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind("Restore")
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels("app.kubernetes.io/managed-by", "bosun")
        .endMetadata()
        .build();
    r.setAdditionalProperty("spec", Map.of("backupName", backupName));
    return r;
  }

  /**
   * Polls a Backup or Restore until its phase is terminal (by {@link VeleroPhase}), heartbeating the phase and item
   * progress; {@code VeleroTimedOut} after {@code timeout}, naming the inventory field that sets it.
   */
  public static VeleroStatus await(
      KubernetesClient c,
      ClusterTarget cluster,
      String kind,
      String namespace,
      String name,
      Duration timeout,
      String timeoutField) {
    var resource =
        c.genericKubernetesResources(context(kind)).inNamespace(namespace).withName(name);
    Heartbeat heartbeat = Heartbeat.current();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      VeleroStatus s = status(kind, name, api(cluster, "GET " + kind + " " + name, resource::get));
      VeleroPhase.Verdict v = VeleroPhase.judge(s, true);
      if (v.terminal()) {
        return s;
      }
      heartbeat.beat(v.reason());
      if (System.nanoTime() > deadline) {
        throw Failures.nonRetryable(
            "VeleroTimedOut",
            v.reason() + " after " + timeout.toSeconds() + " s (" + timeoutField + ")");
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** The status of a Backup or Restore (Velero omits zero counts and empty lists). */
  public static VeleroStatus status(String kind, String name, GenericKubernetesResource r) {
    Map<String, Object> s = map(r == null ? null : r.getAdditionalProperties().get("status"));
    Map<String, Object> progress = map(s.get("progress"));
    List<String> validation = new ArrayList<>();
    if (s.get("validationErrors") instanceof List<?> l) {
      l.forEach(e -> validation.add(String.valueOf(e)));
    }
    return new VeleroStatus(
        kind,
        name,
        text(s.get("phase")),
        number(s.get("errors")),
        number(s.get("warnings")),
        s.get("failureReason") == null ? null : text(s.get("failureReason")),
        validation,
        number(progress.get("totalItems")),
        number(progress.get(kind.equals("Restore") ? "itemsRestored" : "itemsBackedUp")),
        number(s.get("volumeSnapshotsAttempted")),
        number(s.get("volumeSnapshotsCompleted")),
        s.get("startTimestamp") == null ? null : text(s.get("startTimestamp")),
        s.get("completionTimestamp") == null ? null : text(s.get("completionTimestamp")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String text(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
