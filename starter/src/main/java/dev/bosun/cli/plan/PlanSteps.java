package dev.bosun.cli.plan;

import dev.bosun.activities.node.NodeCommands;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.NodeStep;
import dev.bosun.workflows.upgrade.UpgradePlanReport;
import java.io.PrintWriter;
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
  public record NodePlan(
      int stage, String node, NodeRole role, boolean firstControlPlane, List<Step> steps) {}

  private PlanSteps() {}

  public static List<NodePlan> of(Inventory inventory, UpgradePlanReport plan) {
    KubeVersion target = KubeVersion.parse(plan.target());
    String repo = inventory.kubernetes().packageRepositoryOrDefault();
    String pkg = plan.packageVersion();
    boolean renew =
        inventory.upgrade() == null || inventory.upgrade().certificateRenewalOrDefault();
    List<NodePlan> nodes = new ArrayList<>();
    for (int i = 0; i < plan.batches().size(); i++) {
      for (String name : plan.batches().get(i)) {
        NodeSpec spec = inventory.node(name);
        boolean first = i == 0
            && spec.isControlPlane()
            && name.equals(inventory.firstControlPlane().name());
        nodes.add(new NodePlan(
            i + 1, name, spec.role(), first, steps(spec.role(), first, target, pkg, repo, renew)));
      }
    }
    return nodes;
  }

  /** Every step of one node in {@link NodeStep} order, as {@link NodeCommands#forStep} answers it. */
  static List<Step> steps(
      NodeRole role, boolean first, KubeVersion target, String pkg, String repo, boolean renew) {
    NodeCommands.NodeUpgrade node = new NodeCommands.NodeUpgrade(
        role, first, target, pkg == null ? unresolved(target) : pkg, repo, renew);
    List<Step> steps = new ArrayList<>();
    for (NodeStep step : NodeStep.values()) {
      NodeCommands.StepCommands c = NodeCommands.forStep(step, node);
      steps.add(
          new Step(step.label(), c.host().isEmpty() ? null : String.join("\n", c.host()), c.api()));
    }
    return steps;
  }

  /**
   * The package version when the plan could not read it from the target minor's package index (unreachable from
   * the first control plane, or a plan recorded before the look-up): {@code 1.31.2-REV}, REV being the Debian
   * revision apt-cache madison will show once the repository points at that minor.
   */
  public static String unresolved(KubeVersion target) {
    return target.bare() + "-REV";
  }

  /** Each node's steps with their exact commands, in upgrade order. */
  public static void print(PrintWriter out, List<NodePlan> nodes) {
    for (NodePlan n : nodes) {
      out.println();
      out.println("stage " + n.stage() + ": " + n.node() + " (" + n.role()
          + (n.firstControlPlane() ? ", first control plane: kubeadm upgrade apply" : "") + ")");
      for (Step s : n.steps()) {
        if (s.command() != null) {
          String[] lines = s.command().split("\n");
          out.println(String.format("  %-17s $ %s", s.step(), lines[0]));
          for (int i = 1; i < lines.length; i++) {
            out.println(String.format("  %-17s $ %s", "", lines[i]));
          }
        } else {
          out.println(String.format("  %-17s [api] %s", s.step(), s.api()));
        }
      }
    }
  }
}
