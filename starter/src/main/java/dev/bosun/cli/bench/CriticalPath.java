package dev.bosun.cli.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The lower bound on a rolling upgrade's wall time that the lab itself imposes: stages run one after
 * another (control planes one at a time, then worker batches), the nodes of a stage in parallel, and a
 * node's steps in series. A node's chain is its host commands × the fixed command latency, plus the
 * NotReady window after its kubelet restart (if it restarts one), plus the longest termination grace of
 * the pods its drain evicts. A PodDisruptionBudget can make a stage longer than its longest chain: the
 * stage's pods behind one budget leave one budget's worth at a time, each wave only after the previous
 * wave's replacements are Ready ({@link PdbChain}). Everything Bosun adds (Temporal tasks, API calls,
 * polling, pauses) is the difference between the measured wall time and this bound.
 */
public final class CriticalPath {

  /** One node's serial work. */
  public record NodeChain(
      String node, int hostCommands, boolean restartsKubelet, long terminationMillis) {
    public NodeChain {
      if (hostCommands < 0 || terminationMillis < 0) {
        throw new IllegalArgumentException(
            "hostCommands and terminationMillis must not be negative (" + node + ")");
      }
    }

    long millis(long latencyMillis, long notReadyMillis) {
      return hostCommands * latencyMillis
          + (restartsKubelet ? notReadyMillis : 0)
          + terminationMillis;
    }
  }

  /**
   * The pods behind one PodDisruptionBudget that a stage's drains evict: {@code pods} of them from
   * {@code nodes}, at most {@code allowedAtOnce} disrupted at a time. Whatever the order, the last wave starts
   * no earlier than (waves − 1) × the replacement's time to Ready, and its pod then terminates for
   * {@code graceMillis}, on one of those nodes.
   */
  public record PdbChain(
      String pdb, List<String> nodes, int pods, int allowedAtOnce, long graceMillis) {
    public PdbChain {
      if (pods < 1 || allowedAtOnce < 1 || graceMillis < 0 || nodes.isEmpty()) {
        throw new IllegalArgumentException("PDB " + pdb
            + ": pods and allowedAtOnce must be ≥ 1, graceMillis ≥ 0, nodes not empty");
      }
      nodes = List.copyOf(nodes);
    }

    int waves() {
      return (pods + allowedAtOnce - 1) / allowedAtOnce;
    }

    long millis(long replacementReadyMillis) {
      return (waves() - 1) * replacementReadyMillis + graceMillis;
    }
  }

  /** A stage's slowest node and its chain; {@code limitedBy} names the PDB chain that set it, or is null. */
  public record StageBound(int stage, NodeChain longest, long millis, PdbChain limitedBy) {}

  /** The bound and how it is made up. */
  public record Bound(long millis, List<StageBound> stages) {
    /** Host commands on the critical path (the longest chain of every stage). */
    public int criticalCommands() {
      return stages.stream().mapToInt(s -> s.longest().hostCommands()).sum();
    }
  }

  private CriticalPath() {}

  /**
   * @param stages the stages in order; each the chains of its nodes (run in parallel)
   * @param latencyMillis the fixed latency of every host command
   * @param notReadyMillis how long a node stays NotReady after its kubelet restarts
   */
  public static Bound bound(List<List<NodeChain>> stages, long latencyMillis, long notReadyMillis) {
    return bound(
        stages,
        stages.stream().map(s -> List.<PdbChain>of()).toList(),
        latencyMillis,
        notReadyMillis,
        0);
  }

  /**
   * @param pdbChains per stage, the PDB chains of its drains (empty lists for none)
   * @param replacementReadyMillis how long an evicted pod's replacement takes to turn Ready
   */
  public static Bound bound(
      List<List<NodeChain>> stages,
      List<List<PdbChain>> pdbChains,
      long latencyMillis,
      long notReadyMillis,
      long replacementReadyMillis) {
    if (latencyMillis < 0 || notReadyMillis < 0 || replacementReadyMillis < 0) {
      throw new IllegalArgumentException(
          "latencyMillis, notReadyMillis and replacementReadyMillis must not be negative");
    }
    if (pdbChains.size() != stages.size()) {
      throw new IllegalArgumentException(
          "pdbChains has " + pdbChains.size() + " stages, stages " + stages.size());
    }
    long total = 0;
    List<StageBound> out = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      List<NodeChain> stage = stages.get(i);
      if (stage.isEmpty()) {
        throw new IllegalArgumentException("stage " + (i + 1) + " has no nodes");
      }
      NodeChain longest = stage.get(0);
      for (NodeChain c : stage) {
        if (c.millis(latencyMillis, notReadyMillis)
            > longest.millis(latencyMillis, notReadyMillis)) {
          longest = c;
        }
      }
      StageBound bound =
          new StageBound(i + 1, longest, longest.millis(latencyMillis, notReadyMillis), null);
      int stageNo = i + 1;
      for (PdbChain pdb : pdbChains.get(i)) {
        // the last wave lands on whichever of the PDB's nodes has the shortest chain without its
        // own pods' termination
        NodeChain last = stage.stream()
            .filter(c -> pdb.nodes().contains(c.node()))
            .min(Comparator.comparingLong(
                c -> c.millis(latencyMillis, notReadyMillis) - c.terminationMillis()))
            .orElseThrow(() -> new IllegalArgumentException(
                "PDB " + pdb.pdb() + ": none of " + pdb.nodes() + " is in stage " + stageNo));
        long ms = last.millis(latencyMillis, notReadyMillis)
            - last.terminationMillis()
            + Math.max(last.terminationMillis(), pdb.millis(replacementReadyMillis));
        if (ms > bound.millis()) {
          bound = new StageBound(i + 1, last, ms, pdb);
        }
      }
      out.add(bound);
      total += bound.millis();
    }
    return new Bound(total, List.copyOf(out));
  }
}
