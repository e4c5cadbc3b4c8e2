package dev.bosun.sim.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Graceful deletion and the eviction subresource's decisions, with the disruption controller's budget status they
 * read (and the {@code blockPdb} fault on it). Keeps the log of accepted evictions. Not thread-safe: callers hold the
 * lab lock.
 */
final class Evictions {

  private final Set<String> blockedPdbs = new HashSet<>();
  private final List<Eviction> evictions = new ArrayList<>();
  private final ClusterStore store;

  Evictions(ClusterStore store) {
    this.store = store;
  }

  /** Graceful deletion: sets deletionTimestamp now; the pod disappears after the grace period. */
  Pod deletePod(String namespace, String name, Long gracePeriodSeconds, long now) {
    Pod p = store.pods.get(KubeObjects.key(namespace, name));
    if (p == null) {
      return null;
    }
    long grace = gracePeriodSeconds != null && gracePeriodSeconds >= 0
        ? gracePeriodSeconds
        : p.getSpec().getTerminationGracePeriodSeconds() == null
            ? 30
            : p.getSpec().getTerminationGracePeriodSeconds();
    if (grace == 0 || p.getSpec().getNodeName() == null) {
      store.pods.remove(KubeObjects.key(p));
      return p;
    }
    if (!KubeObjects.isTerminating(p)) {
      p.getMetadata().setDeletionTimestamp(KubeObjects.timestamp(now + grace * 1000));
      p.getMetadata().setDeletionGracePeriodSeconds(grace);
      store.bump(p.getMetadata());
      store.podDeleteAt.put(KubeObjects.key(p), now + grace * 1000);
    }
    return p;
  }

  /** The eviction subresource's decision, as the API server's eviction REST handler takes it. */
  EvictionOutcome evict(String namespace, String name, Long gracePeriodSeconds, long now) {
    Pod p = store.pods.get(KubeObjects.key(namespace, name));
    if (p == null) {
      return EvictionOutcome.notFound();
    }
    if (KubeObjects.isTerminating(p)) {
      return EvictionOutcome.evicted();
    }
    List<PodDisruptionBudget> matching = store.pdbs.values().stream()
        .filter(b -> namespace.equals(b.getMetadata().getNamespace()))
        .filter(
            b -> Disruption.selects(b.getSpec().getSelector(), p.getMetadata().getLabels()))
        .toList();
    if (matching.size() > 1) {
      return EvictionOutcome.internalError(
          "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    }
    if (matching.size() == 1) {
      PodDisruptionBudget pdb = matching.get(0);
      refreshPdb(pdb);
      var s = pdb.getStatus();
      boolean unhealthyAndBudgetMet = !KubeObjects.isReady(p)
          && s.getCurrentHealthy() >= s.getDesiredHealthy()
          && !blockedPdbs.contains(KubeObjects.key(pdb));
      if (!unhealthyAndBudgetMet && s.getDisruptionsAllowed() <= 0) {
        return EvictionOutcome.tooManyRequests("The disruption budget "
            + pdb.getMetadata().getName() + " needs " + s.getDesiredHealthy()
            + " healthy pods and has " + s.getCurrentHealthy() + " currently");
      }
    }
    Pod deleted = deletePod(namespace, name, gracePeriodSeconds, now);
    Long grace = deleted.getMetadata().getDeletionGracePeriodSeconds();
    evictions.add(new Eviction(
        namespace,
        name,
        p.getSpec().getNodeName(),
        matching.isEmpty() ? null : matching.get(0).getMetadata().getName(),
        grace == null ? 0 : grace * 1000,
        now));
    return EvictionOutcome.evicted();
  }

  /** Every eviction accepted so far, oldest first. */
  List<Eviction> evictions() {
    return List.copyOf(evictions);
  }

  void blockPdb(String namespace, String name, boolean blocked) {
    if (blocked) {
      blockedPdbs.add(KubeObjects.key(namespace, name));
    } else {
      blockedPdbs.remove(KubeObjects.key(namespace, name));
    }
  }

  void clearPdbBlocks() {
    blockedPdbs.clear();
  }

  /** The disruption controller's status for one budget, computed from the pods and their controllers' scale. */
  void refreshPdb(PodDisruptionBudget pdb) {
    String ns = pdb.getMetadata().getNamespace();
    List<Pod> nsPods = store.pods.values().stream()
        .filter(p -> ns.equals(p.getMetadata().getNamespace()))
        .toList();
    pdb.setStatus(
        Disruption.status(pdb, nsPods, this::scaleOf, blockedPdbs.contains(KubeObjects.key(pdb))));
    pdb.getStatus()
        .setConditions(List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder()
            .withType("DisruptionAllowed")
            .withStatus(pdb.getStatus().getDisruptionsAllowed() > 0 ? "True" : "False")
            .withReason(
                pdb.getStatus().getDisruptionsAllowed() > 0 ? "SufficientPods" : "InsufficientPods")
            .withMessage("")
            .withObservedGeneration(1L)
            .withLastTransitionTime(pdb.getMetadata().getCreationTimestamp())
            .build()));
  }

  private int scaleOf(Pod p) {
    var ref = KubeObjects.controller(p);
    if (ref == null) {
      return -1;
    }
    if ("ReplicaSet".equals(ref.getKind())) {
      ReplicaSet rs =
          store.replicaSets.get(KubeObjects.key(p.getMetadata().getNamespace(), ref.getName()));
      return rs == null ? 0 : rs.getSpec().getReplicas();
    }
    if ("DaemonSet".equals(ref.getKind())) {
      return store.nodes.size();
    }
    return 1;
  }
}
