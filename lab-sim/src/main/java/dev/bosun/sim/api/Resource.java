package dev.bosun.sim.api;

import dev.bosun.sim.kube.ClusterStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.function.Function;

/** One served resource type. */
record Resource(
    String group,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    Class<? extends HasMetadata> type,
    Function<ClusterStore, List<? extends HasMetadata>> list,
    String shortName) {

  /** Every resource type the API server serves, in discovery order. */
  static final List<Resource> ALL = List.of(
      new Resource("", "nodes", "node", "Node", false, Node.class, ClusterStore::nodes, "no"),
      new Resource(
          "",
          "namespaces",
          "namespace",
          "Namespace",
          false,
          Namespace.class,
          ClusterStore::namespaces,
          "ns"),
      new Resource("", "pods", "pod", "Pod", true, Pod.class, ClusterStore::pods, "po"),
      new Resource(
          "apps",
          "deployments",
          "deployment",
          "Deployment",
          true,
          Deployment.class,
          ClusterStore::deployments,
          "deploy"),
      new Resource(
          "apps",
          "replicasets",
          "replicaset",
          "ReplicaSet",
          true,
          ReplicaSet.class,
          ClusterStore::replicaSets,
          "rs"),
      new Resource(
          "apps",
          "daemonsets",
          "daemonset",
          "DaemonSet",
          true,
          DaemonSet.class,
          ClusterStore::daemonSets,
          "ds"),
      // the lab runs none, but Bosun's workload checks list them: an empty list, as a cluster
      // without any answers
      new Resource(
          "apps",
          "statefulsets",
          "statefulset",
          "StatefulSet",
          true,
          StatefulSet.class,
          store -> List.of(),
          "sts"),
      new Resource(
          "policy",
          "poddisruptionbudgets",
          "poddisruptionbudget",
          "PodDisruptionBudget",
          true,
          PodDisruptionBudget.class,
          ClusterStore::pdbs,
          "pdb"));

  String apiVersion() {
    return group.isEmpty() ? "v1" : group + "/v1";
  }
}
