package dev.bosun.cli.bench;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.kube.ClusterStore;
import dev.bosun.sim.kube.Eviction;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.BatchPlanner;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The upgrade's own plan and the lab's facts, as {@link CriticalPath} chains. */
final class LabChains {

  private LabChains() {}

  /**
   * The longest termination grace (ms) of the pods a drain would evict from each node now (not mirror or
   * DaemonSet pods). Read before the upgrade: evicted pods are replaced with the same grace.
   */
  static Map<String, Long> terminationByNode(LabSim lab) {
    return lab.state().read(cs -> {
      Map<String, Long> out = new HashMap<>();
      for (Pod p : cs.pods()) {
        String node = p.getSpec().getNodeName();
        if (node == null || ClusterStore.isMirror(p) || ownedByDaemonSet(p)) {
          continue;
        }
        Long grace = p.getSpec().getTerminationGracePeriodSeconds();
        out.merge(node, (grace == null ? 30 : grace) * 1000, Math::max);
      }
      return out;
    });
  }

  private static boolean ownedByDaemonSet(Pod p) {
    return p.getMetadata().getOwnerReferences() != null
        && p.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> "DaemonSet".equals(o.getKind()));
  }

  /** Stages of the plan (maxUnavailable) with each node's host command count taken from the lab's command log. */
  static List<List<CriticalPath.NodeChain>> chains(
      LabSim lab, Inventory inv, String maxUnavailable, Map<String, Long> termination) {
    Map<String, KubeVersion> current = new HashMap<>();
    KubeVersion from = KubeVersion.parse(lab.spec().version());
    for (NodeSpec n : inv.nodes()) {
      current.put(n.name(), from);
    }
    BatchPlanner.Plan plan =
        BatchPlanner.plan(inv.nodes(), current, BosunUpgrade.TARGET, maxUnavailable);
    List<List<CriticalPath.NodeChain>> stages = new ArrayList<>();
    for (BatchPlanner.Stage s : plan.stages()) {
      List<CriticalPath.NodeChain> chains = new ArrayList<>();
      for (String n : s.nodes()) {
        chains.add(new CriticalPath.NodeChain(
            n, lab.commandLog().forHost(n).size(), true, termination.getOrDefault(n, 0L)));
      }
      stages.add(chains);
    }
    return stages;
  }

  /**
   * The bound of a finished run: the stages' chains plus, per stage, the PDB chains of the pods its drains
   * evicted (from lab-sim's eviction log; how many a budget lets go at once from its status).
   */
  static CriticalPath.Bound bound(
      LabSim lab,
      List<List<CriticalPath.NodeChain>> stages,
      long latencyMillis,
      long notReadyMillis) {
    return CriticalPath.bound(
        stages,
        pdbChains(lab, stages),
        latencyMillis,
        notReadyMillis,
        LabSim.POD_READY_DELAY_MILLIS);
  }

  static List<List<CriticalPath.PdbChain>> pdbChains(
      LabSim lab, List<List<CriticalPath.NodeChain>> stages) {
    return lab.state().read(cs -> {
      Map<String, Integer> allowed = new HashMap<>();
      for (PodDisruptionBudget pdb : cs.pdbs()) {
        var st = pdb.getStatus();
        allowed.put(
            pdb.getMetadata().getNamespace() + "/" + pdb.getMetadata().getName(),
            Math.max(1, st.getExpectedPods() - st.getDesiredHealthy()));
      }
      List<List<CriticalPath.PdbChain>> out = new ArrayList<>();
      for (List<CriticalPath.NodeChain> stage : stages) {
        Set<String> nodes =
            stage.stream().map(CriticalPath.NodeChain::node).collect(Collectors.toSet());
        Map<String, List<Eviction>> byPdb = new TreeMap<>();
        for (Eviction e : cs.evictions()) {
          if (e.pdb() != null && nodes.contains(e.node())) {
            byPdb
                .computeIfAbsent(e.namespace() + "/" + e.pdb(), k -> new ArrayList<>())
                .add(e);
          }
        }
        List<CriticalPath.PdbChain> chains = new ArrayList<>();
        byPdb.forEach((pdb, evicted) -> chains.add(new CriticalPath.PdbChain(
            pdb,
            evicted.stream().map(Eviction::node).distinct().toList(),
            evicted.size(),
            allowed.getOrDefault(pdb, 1),
            evicted.stream().mapToLong(Eviction::graceMillis).max().orElse(0))));
        out.add(chains);
      }
      return out;
    });
  }
}
