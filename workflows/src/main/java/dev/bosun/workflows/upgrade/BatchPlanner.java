package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order of a rolling upgrade: the first control plane ({@code kubeadm upgrade apply}), the other
 * control planes one at a time, then the workers in batches of maxUnavailable. Nodes already at the
 * target are left out.
 */
public final class BatchPlanner {

  private static final Pattern COUNT = Pattern.compile("[1-9]\\d{0,5}");
  private static final Pattern PERCENT = Pattern.compile("([1-9]\\d?|100)%");

  /** One stage: its nodes run in parallel (workers) or alone (control planes). */
  public record Stage(NodeRole role, boolean applyStage, List<String> nodes) {}

  public record Plan(List<Stage> stages, List<String> alreadyAtTarget) {
    public List<List<String>> batches() {
      return stages.stream().map(Stage::nodes).toList();
    }

    public int nodesToUpgrade() {
      return stages.stream().mapToInt(s -> s.nodes().size()).sum();
    }
  }

  private BatchPlanner() {}

  /**
   * @param nodes the inventory's nodes in inventory order (the first control plane is the first listed)
   * @param current each node's kubelet version now
   */
  public static Plan plan(
      List<NodeSpec> nodes,
      Map<String, KubeVersion> current,
      KubeVersion target,
      String maxUnavailable) {
    List<Stage> stages = new ArrayList<>();
    List<String> done = new ArrayList<>();
    List<NodeSpec> cps = nodes.stream().filter(NodeSpec::isControlPlane).toList();
    List<NodeSpec> workers = nodes.stream().filter(n -> !n.isControlPlane()).toList();
    for (int i = 0; i < cps.size(); i++) {
      NodeSpec cp = cps.get(i);
      if (atTarget(current, cp, target)) {
        done.add(cp.name());
      } else {
        stages.add(new Stage(NodeRole.CONTROL_PLANE, i == 0, List.of(cp.name())));
      }
    }
    int batchSize = batchSize(maxUnavailable, workers.size());
    List<String> batch = new ArrayList<>();
    for (NodeSpec w : workers) {
      if (atTarget(current, w, target)) {
        done.add(w.name());
        continue;
      }
      batch.add(w.name());
      if (batch.size() == batchSize) {
        stages.add(new Stage(NodeRole.WORKER, false, List.copyOf(batch)));
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      stages.add(new Stage(NodeRole.WORKER, false, List.copyOf(batch)));
    }
    return new Plan(List.copyOf(stages), List.copyOf(done));
  }

  /** maxUnavailable as a count of workers: "2" → 2, "20%" → ceil(20% of the workers), at least 1. */
  public static int batchSize(String maxUnavailable, int workers) {
    String v = maxUnavailable == null ? "" : maxUnavailable.trim();
    if (COUNT.matcher(v).matches()) {
      return Integer.parseInt(v);
    }
    Matcher m = PERCENT.matcher(v);
    if (m.matches()) {
      int percent = Integer.parseInt(m.group(1));
      return Math.max(1, (int) Math.ceil(percent * workers / 100.0));
    }
    throw new IllegalArgumentException(
        "upgrade.maxUnavailable must be a count of at least 1 (e.g. 2) or a percentage from 1% to 100% (e.g. 20%), got '"
            + maxUnavailable + "'");
  }

  private static boolean atTarget(
      Map<String, KubeVersion> current, NodeSpec n, KubeVersion target) {
    KubeVersion v = current.get(n.name());
    return v != null && v.equals(target);
  }
}
