package dev.bosun.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The lower bound on a rolling upgrade's wall time that the lab itself imposes: stages run one after
 * another (control planes one at a time, then worker batches), the nodes of a stage in parallel, and a
 * node's steps in series. A node's chain is its host commands × the fixed command latency, plus the
 * NotReady window after its kubelet restart (if it restarts one), plus the longest termination grace of
 * the pods its drain evicts. Everything Bosun adds (Temporal tasks, API calls, polling, pauses) is the
 * difference between the measured wall time and this bound.
 */
public final class CriticalPath {

  /** One node's serial work. */
  public record NodeChain(String node, int hostCommands, boolean restartsKubelet, long terminationMillis) {
    public NodeChain {
      if (hostCommands < 0 || terminationMillis < 0) {
        throw new IllegalArgumentException("hostCommands and terminationMillis must not be negative (" + node + ")");
      }
    }

    long millis(long latencyMillis, long notReadyMillis) {
      return hostCommands * latencyMillis + (restartsKubelet ? notReadyMillis : 0) + terminationMillis;
    }
  }

  /** A stage's slowest node and its chain. */
  public record StageBound(int stage, NodeChain longest, long millis) {}

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
    if (latencyMillis < 0 || notReadyMillis < 0) {
      throw new IllegalArgumentException("latencyMillis and notReadyMillis must not be negative");
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
        if (c.millis(latencyMillis, notReadyMillis) > longest.millis(latencyMillis, notReadyMillis)) {
          longest = c;
        }
      }
      long ms = longest.millis(latencyMillis, notReadyMillis);
      out.add(new StageBound(i + 1, longest, ms));
      total += ms;
    }
    return new Bound(total, List.copyOf(out));
  }
}
