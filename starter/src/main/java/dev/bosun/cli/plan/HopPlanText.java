package dev.bosun.cli.plan;

import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.UpgradeSpec;
import dev.bosun.workflows.upgrade.EtcdBackup;
import dev.bosun.workflows.upgrade.HopPlan;
import dev.bosun.workflows.upgrade.PreflightFinding;
import dev.bosun.workflows.upgrade.PreflightText;
import dev.bosun.workflows.upgrade.UpgradePlanReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bosun plan} of a minor-version chain: every hop (versions, its minor's repository and package, its etcd
 * snapshot, its gates and guards), the first hop's preflight, then every hop's steps on every node.
 */
public final class HopPlanText {

  /**
   * One hop as the plan shows it.
   *
   * @param snapshot the etcd snapshot the hop takes before its first change (null: upgrade.etcdSnapshot is off)
   * @param guards what the hop checks and waits for, in the order it does
   * @param nodes every node's steps at this hop's versions
   */
  public record Hop(
      HopPlan hop, String snapshot, List<String> guards, List<PlanSteps.NodePlan> nodes) {}

  private HopPlanText() {}

  /** The hops of {@code plan}; empty for a single-minor upgrade. */
  public static List<Hop> hops(Inventory inventory, UpgradeSpec options, UpgradePlanReport plan) {
    if (plan.hops() == null) {
      return List.of();
    }
    String first = inventory.firstControlPlane().name();
    List<Hop> hops = new ArrayList<>();
    for (HopPlan h : plan.hops()) {
      UpgradePlanReport steps = new UpgradePlanReport(
          plan.cluster(), h.from(), h.to(), plan.findings(), plan.batches(), h.packageVersion());
      hops.add(new Hop(
          h,
          options.etcdSnapshot()
              ? first + ":" + EtcdBackup.path(inventory.cluster(), "<UTC time at the hop's start>")
              : null,
          guards(h, options),
          plan.batches().isEmpty() ? List.of() : PlanSteps.of(inventory, steps)));
    }
    return List.copyOf(hops);
  }

  private static List<String> guards(HopPlan h, UpgradeSpec options) {
    List<String> g = new ArrayList<>();
    g.add(
        h.index() == 1
            ? "preflight (below): versions, Ready nodes, etcd, certificates, PDBs, packages"
            : "its own preflight when it starts, on the cluster at " + h.from()
                + " (the same checks; a blocker stops the chain there)");
    g.add(
        options.certificateRenewalOrDefault()
            ? "certificates: kubeadm upgrade renews the ones it manages; under 30 days warns"
            : "certificates: --certificate-renewal=false; under 7 days blocks");
    g.add(
        options.windowsOrNone().isEmpty()
            ? "maintenance windows: none (any time)"
            : "maintenance windows: a node starts only inside upgrade.window"
                + (options.ignoreWindow() ? " (ignored for this run)" : ""));
    g.add("etcd quorum guard before each control plane; config-drift guard on every node");
    return g;
  }

  public static void print(PrintWriter out, UpgradePlanReport r, List<Hop> hops) {
    out.println("Plan: upgrade " + r.cluster() + " " + r.from() + " → " + r.target() + " in "
        + hops.size() + " hops, one minor at a time (kubeadm does not skip minors)"
        + (r.blocked() ? ": BLOCKED" : ""));
    for (Hop h : hops) {
      out.println();
      out.println(h.hop().title(hops.size()) + " (a full rolling upgrade, child workflow)");
      out.println("  repository:    " + h.hop().repository());
      out.println("  packages:      "
          + (h.hop().packageVersion() == null
              ? "not in the repository"
              : h.hop().packageVersion()));
      out.println("  etcd snapshot: "
          + (h.snapshot() == null ? "none (upgrade.etcdSnapshot: false)" : h.snapshot()));
      h.guards().forEach(g -> out.println("  guard:         " + g));
    }
    out.println();
    out.println("Preflight" + (r.batches().isEmpty() ? "" : " (hop 1)") + ":");
    for (PreflightFinding f : r.findings()) {
      out.println("  " + PreflightText.row(f));
    }
    for (Hop h : hops) {
      if (h.nodes().isEmpty()) {
        continue;
      }
      out.println();
      out.println("Steps of " + h.hop().title(hops.size()) + ", in order (nothing was changed):");
      PlanSteps.print(out, h.nodes());
    }
    if (r.blocked()) {
      out.println();
      out.println("The upgrade would not start: fix the blockers above first.");
    }
  }
}
