package dev.bosun.cli.plan;

import dev.bosun.activities.node.NodeCommands;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.NodeStep;
import dev.bosun.workflows.upgrade.UpgradePlanReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered steps of every node in a plan, with the exact host commands the activities will send
 * (built by {@link NodeCommands}, the same builders the activities use) and what goes through the
 * Kubernetes API instead.
 */
public final class PlanSteps {

  /** One step of one node: {@code command} is the host command line, or null for an API step. */
  public record Step(String step, String command, String api) {}

  /** One node in upgrade order. */
  public record NodePlan(int stage, String node, NodeRole role, boolean firstControlPlane, List<Step> steps) {}

  private PlanSteps() {}

  public static List<NodePlan> of(Inventory inventory, UpgradePlanReport plan) {
    KubeVersion target = KubeVersion.parse(plan.target());
    String repo = repositoryBaseUrl(inventory);
    String pkg = plan.packageVersion();
    List<NodePlan> nodes = new ArrayList<>();
    for (int i = 0; i < plan.batches().size(); i++) {
      for (String name : plan.batches().get(i)) {
        NodeSpec spec = inventory.node(name);
        boolean first = i == 0 && spec.isControlPlane() && name.equals(inventory.firstControlPlane().name());
        nodes.add(new NodePlan(i + 1, name, spec.role(), first, steps(spec.role(), first, target, pkg, repo)));
      }
    }
    return nodes;
  }

  static List<Step> steps(NodeRole role, boolean first, KubeVersion target, String pkg, String repo) {
    List<String> host = pkg == null ? null : NodeCommands.upgradeCommands(role, first, target, pkg, repo);
    String unresolved = "(package version of " + target + " not resolved: the command is built once preflight finds it)";
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(NodeStep.DRAIN.label(), null, "cordon, then evict every pod through the Eviction API (PDB-aware)"));
    steps.add(new Step(NodeStep.KUBEADM_PACKAGE.label(), host == null ? unresolved : host.get(0) + "\n" + host.get(1), null));
    steps.add(new Step(NodeStep.KUBEADM_UPGRADE.label(), host == null ? unresolved : host.get(2), null));
    steps.add(new Step(NodeStep.KUBELET_PACKAGES.label(), host == null ? unresolved : host.get(3), null));
    steps.add(new Step(NodeStep.KUBELET_RESTART.label(), NodeCommands.RESTART_KUBELET, null));
    steps.add(new Step(NodeStep.WAIT_READY.label(), null, "wait until the node is Ready with kubelet " + target));
    steps.add(new Step(NodeStep.UNCORDON.label(), null, "uncordon (unless it was cordoned before Bosun)"));
    steps.add(new Step(NodeStep.HEALTH_GATE.label(), null,
        role == NodeRole.CONTROL_PLANE ? "API server /readyz and control-plane static pods at " + target : "node Ready, its pods rescheduled"));
    return steps;
  }

  /** The base the workflows pass to the activities: the inventory's packageRepository, or pkgs.k8s.io's. */
  static String repositoryBaseUrl(Inventory inventory) {
    String repo = inventory.kubernetes().packageRepository();
    return repo == null || repo.isBlank() ? KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY : repo;
  }
}
