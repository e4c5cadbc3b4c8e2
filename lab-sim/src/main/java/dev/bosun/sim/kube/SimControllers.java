package dev.bosun.sim.kube;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The controllers and kubelets that keep the store's objects moving, one pass per tick: node status, removal of
 * pods whose grace period has ended, re-created mirror pods, the ReplicaSet and DaemonSet controllers, the scheduler,
 * pod readiness and workload status; and the Deployment controller's ReplicaSet for a new Deployment. Not thread-safe: callers hold the lab lock.
 */
final class SimControllers {

  private final ClusterStore store;
  private final SimKubelets kubelets;

  SimControllers(ClusterStore store, SimKubelets kubelets) {
    this.store = store;
    this.kubelets = kubelets;
  }

  /** One pass of every simulated controller and kubelet at time {@code now}. */
  void tick(long now) {
    kubelets.reportNodeStatus(now);
    store.pods.keySet().removeIf(k -> {
      Long at = store.podDeleteAt.get(k);
      if (at != null && at <= now) {
        store.podDeleteAt.remove(k);
        store.podReadyAt.remove(k);
        return true;
      }
      return false;
    });
    kubelets.recreateMirrorPods(now);
    store.replicaSets.values().forEach(rs -> reconcileReplicaSet(rs, now));
    store.daemonSets.values().forEach(ds -> reconcileDaemonSet(ds, now));
    schedulePending(now);
    markPodsReady(now);
    updateWorkloadStatus();
  }

  /** The Deployment controller's ReplicaSet for a new Deployment, created with it; its pods come at the next tick. */
  void createReplicaSet(Deployment d, String namespace, String name, int replicas, long now) {
    PodTemplateSpec template = d.getSpec().getTemplate();
    String hash = Integer.toHexString(
            Math.abs((namespace + name).hashCode()) % 0xfffffff | 0x1000000)
        .substring(0, 7)
        .replaceAll("[aeiou01]", "b");
    PodTemplateSpec rsTemplate = new PodTemplateSpecBuilder(template)
        .editMetadata()
        .addToLabels("pod-template-hash", hash)
        .endMetadata()
        .build();
    ReplicaSet rs = new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name + "-" + hash)
        .withNamespace(namespace)
        .withLabels(rsTemplate.getMetadata().getLabels())
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(name)
            .withUid(d.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withSelector(new LabelSelectorBuilder()
            .withMatchLabels(rsTemplate.getMetadata().getLabels())
            .build())
        .withTemplate(rsTemplate)
        .endSpec()
        .withStatus(new ReplicaSetStatus())
        .build();
    store.stamp(rs.getMetadata(), now);
    rs.getMetadata().setGeneration(1L);
    store.replicaSets.put(KubeObjects.key(rs), rs);
  }

  private void reconcileReplicaSet(ReplicaSet rs, long now) {
    String uid = rs.getMetadata().getUid();
    long active = store.pods.values().stream()
        .filter(p -> uid.equals(KubeObjects.controllerUid(p)) && !KubeObjects.isTerminating(p))
        .count();
    for (long i = active; i < rs.getSpec().getReplicas(); i++) {
      Pod p = new PodBuilder()
          .withMetadata(new ObjectMeta())
          .withSpec(new PodSpec())
          .build();
      p.getMetadata().setName(rs.getMetadata().getName() + "-" + store.newPods.suffix());
      p.getMetadata().setNamespace(rs.getMetadata().getNamespace());
      p.getMetadata()
          .setLabels(new HashMap<>(rs.getSpec().getTemplate().getMetadata().getLabels()));
      p.getMetadata()
          .setOwnerReferences(List.of(new OwnerReferenceBuilder()
              .withApiVersion("apps/v1")
              .withKind("ReplicaSet")
              .withName(rs.getMetadata().getName())
              .withUid(uid)
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build()));
      PodSpec spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(
              rs.getSpec().getTemplate().getSpec())
          .build();
      spec.setNodeName(pickNode());
      p.setSpec(spec);
      store.addPod(p, now, now + store.podReadyDelayMillis);
    }
  }

  private void reconcileDaemonSet(DaemonSet ds, long now) {
    String uid = ds.getMetadata().getUid();
    Set<String> covered = new HashSet<>();
    store.pods.values().stream()
        .filter(p -> uid.equals(KubeObjects.controllerUid(p)) && !KubeObjects.isTerminating(p))
        .forEach(p -> covered.add(p.getSpec().getNodeName()));
    for (Node n : store.nodes.values()) {
      String node = n.getMetadata().getName();
      if (covered.contains(node)) {
        continue;
      }
      Pod p = new PodBuilder().withMetadata(new ObjectMeta()).build();
      p.getMetadata().setName(ds.getMetadata().getName() + "-" + store.newPods.suffix());
      p.getMetadata().setNamespace(ds.getMetadata().getNamespace());
      p.getMetadata()
          .setLabels(new HashMap<>(ds.getSpec().getTemplate().getMetadata().getLabels()));
      p.getMetadata()
          .setOwnerReferences(List.of(new OwnerReferenceBuilder()
              .withApiVersion("apps/v1")
              .withKind("DaemonSet")
              .withName(ds.getMetadata().getName())
              .withUid(uid)
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build()));
      PodSpec spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(
              ds.getSpec().getTemplate().getSpec())
          .build();
      spec.setNodeName(node);
      p.setSpec(spec);
      store.addPod(p, now, now + store.podReadyDelayMillis);
    }
  }

  /** The scheduler's choice: a Ready, schedulable worker (control planes are tainted) with the fewest pods. */
  private String pickNode() {
    Map<String, Integer> load = new HashMap<>();
    store.pods.values().forEach(p -> {
      if (p.getSpec().getNodeName() != null) {
        load.merge(p.getSpec().getNodeName(), 1, Integer::sum);
      }
    });
    return store.nodes.values().stream()
        .filter(n ->
            !ClusterStore.isControlPlane(n) && !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
        .filter(n -> store.isReady(n.getMetadata().getName()))
        .min(Comparator.comparingInt(
                (Node n) -> load.getOrDefault(n.getMetadata().getName(), 0))
            .thenComparing(n -> n.getMetadata().getName()))
        .map(n -> n.getMetadata().getName())
        .orElse(null);
  }

  private void schedulePending(long now) {
    for (Pod p : store.pods.values()) {
      if (p.getSpec().getNodeName() == null && !KubeObjects.isTerminating(p)) {
        String node = pickNode();
        if (node == null) {
          return;
        }
        p.getSpec().setNodeName(node);
        p.getStatus().setPhase("Running");
        p.getStatus()
            .setHostIP(store.nodes.get(node).getStatus().getAddresses().get(0).getAddress());
        p.getStatus().setStartTime(KubeObjects.timestamp(now));
        store.podReadyAt.put(KubeObjects.key(p), now + store.podReadyDelayMillis);
        store.bump(p.getMetadata());
      }
    }
  }

  private void markPodsReady(long now) {
    for (Pod p : store.pods.values()) {
      Long at = store.podReadyAt.get(KubeObjects.key(p));
      if (at != null
          && at <= now
          && p.getSpec().getNodeName() != null
          && !KubeObjects.isReady(p)
          && store.isReady(p.getSpec().getNodeName())) {
        p.getStatus()
            .setConditions(new ArrayList<>(List.of(
                NewPods.condition("Ready", "True", now),
                NewPods.condition("ContainersReady", "True", now),
                NewPods.condition("PodScheduled", "True", now))));
        store.bump(p.getMetadata());
      }
    }
  }

  private void updateWorkloadStatus() {
    for (ReplicaSet rs : store.replicaSets.values()) {
      String uid = rs.getMetadata().getUid();
      List<Pod> owned = store.pods.values().stream()
          .filter(p -> uid.equals(KubeObjects.controllerUid(p)))
          .toList();
      int ready = (int) owned.stream().filter(KubeObjects::isReady).count();
      rs.getStatus().setReplicas(owned.size());
      rs.getStatus().setReadyReplicas(ready);
      rs.getStatus().setAvailableReplicas(ready);
      rs.getStatus().setFullyLabeledReplicas(owned.size());
      rs.getStatus().setObservedGeneration(1L);
    }
    for (Deployment d : store.deployments.values()) {
      ReplicaSet rs = store.replicaSets.values().stream()
          .filter(r -> d.getMetadata().getUid().equals(KubeObjects.controllerUid(r)))
          .findFirst()
          .orElse(null);
      if (rs != null) {
        DeploymentStatus s = d.getStatus();
        s.setReplicas(rs.getStatus().getReplicas());
        s.setReadyReplicas(rs.getStatus().getReadyReplicas());
        s.setAvailableReplicas(rs.getStatus().getAvailableReplicas());
        s.setUpdatedReplicas(rs.getStatus().getReplicas());
        s.setUnavailableReplicas(
            Math.max(0, d.getSpec().getReplicas() - rs.getStatus().getAvailableReplicas()));
        s.setObservedGeneration(1L);
      }
    }
    for (DaemonSet ds : store.daemonSets.values()) {
      String uid = ds.getMetadata().getUid();
      List<Pod> owned = store.pods.values().stream()
          .filter(p -> uid.equals(KubeObjects.controllerUid(p)))
          .toList();
      int ready = (int) owned.stream().filter(KubeObjects::isReady).count();
      ds.getStatus().setDesiredNumberScheduled(store.nodes.size());
      ds.getStatus().setCurrentNumberScheduled(owned.size());
      ds.getStatus().setNumberReady(ready);
      ds.getStatus().setNumberAvailable(ready);
      ds.getStatus().setUpdatedNumberScheduled(owned.size());
      ds.getStatus().setNumberMisscheduled(0);
      ds.getStatus().setObservedGeneration(1L);
    }
  }
}
