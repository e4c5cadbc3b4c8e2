package dev.bosun.sim.velero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.GenericObjects;
import dev.bosun.sim.kube.KubeJson;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a Backup takes from the sim cluster, as Velero collects it: each included namespace and every object in it of
 * the kinds the sim keeps (those of a real cluster that lab-sim does not model, such as Events, are absent), filtered
 * by the spec's {@code labelSelector} / {@code orLabelSelectors} (matchLabels).
 */
final class BackupItems {

  /** One backed-up object: Velero's group-resource directory, apiVersion/Kind, namespace (null: cluster scope), JSON. */
  record Item(
      String groupResource,
      String apiVersion,
      String kind,
      String namespace,
      String name,
      ObjectNode json) {

    String entry(boolean preferredVersion) {
      String version =
          apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
      return "resources/" + groupResource
          + (preferredVersion ? "/" + version + "-preferredversion" : "")
          + (namespace == null ? "/cluster/" : "/namespaces/" + namespace + "/") + name + ".json";
    }

    String listed() {
      return namespace == null ? name : namespace + "/" + name;
    }
  }

  private record Typed(
      String groupResource,
      String apiVersion,
      String kind,
      Function<ClusterStore, List<? extends HasMetadata>> list) {}

  private static final List<Typed> TYPED = List.of(
      new Typed("pods", "v1", "Pod", ClusterStore::pods),
      new Typed("deployments.apps", "apps/v1", "Deployment", ClusterStore::deployments),
      new Typed("replicasets.apps", "apps/v1", "ReplicaSet", ClusterStore::replicaSets),
      new Typed("daemonsets.apps", "apps/v1", "DaemonSet", ClusterStore::daemonSets),
      new Typed(
          "poddisruptionbudgets.policy", "policy/v1", "PodDisruptionBudget", ClusterStore::pdbs));

  private BackupItems() {}

  static List<Item> collect(ClusterStore store, JsonNode spec) {
    List<Item> items = new ArrayList<>();
    for (var ns : store.namespaces()) {
      String name = ns.getMetadata().getName();
      if (!included(spec, name)) {
        continue;
      }
      items.add(new Item("namespaces", "v1", "Namespace", null, name, json(ns)));
      for (Typed t : TYPED) {
        for (HasMetadata o : t.list().apply(store)) {
          if (name.equals(o.getMetadata().getNamespace())
              && selected(spec, o.getMetadata().getLabels())) {
            items.add(new Item(
                t.groupResource(),
                t.apiVersion(),
                t.kind(),
                name,
                o.getMetadata().getName(),
                json(o)));
          }
        }
      }
      for (GenericObjects.Kind k : GenericObjects.KINDS) {
        if (!k.namespaced() || !store.generic().served(k)) {
          continue;
        }
        for (ObjectNode o : store.generic().list(k, name)) {
          if (selected(spec, labels(o))) {
            items.add(new Item(
                k.groupResource(),
                k.apiVersion(),
                k.kind(),
                name,
                o.path("metadata").path("name").asText(),
                o.deepCopy()));
          }
        }
      }
    }
    return items;
  }

  private static boolean included(JsonNode spec, String ns) {
    List<String> in = strings(spec.path("includedNamespaces"));
    List<String> out = strings(spec.path("excludedNamespaces"));
    return (in.isEmpty() || in.contains("*") || in.contains(ns)) && !out.contains(ns);
  }

  private static boolean selected(JsonNode spec, Map<String, String> labels) {
    List<JsonNode> selectors = new ArrayList<>();
    if (spec.has("labelSelector")) {
      selectors.add(spec.get("labelSelector"));
    }
    spec.path("orLabelSelectors").forEach(selectors::add);
    if (selectors.isEmpty()) {
      return true;
    }
    for (JsonNode s : selectors) {
      boolean all = true;
      var fields = s.path("matchLabels").fields();
      while (fields.hasNext()) {
        var e = fields.next();
        all &= labels != null && e.getValue().asText().equals(labels.get(e.getKey()));
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> labels(ObjectNode o) {
    return KubeJson.MAPPER.convertValue(o.path("metadata").path("labels"), Map.class);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static ObjectNode json(HasMetadata o) {
    return KubeJson.MAPPER.valueToTree(o);
  }
}
