package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.kube;
import static dev.bosun.workflows.ActivityStubs.node;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.activities.ClusterState;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a minor-version chain: kubeadm upgrades one minor at a time and pkgs.k8s.io has one repository per minor, so
 * v1.30 → v1.32.4 is v1.30 → v1.31.(latest) → v1.32.4, each hop a full rolling upgrade. Reads only: the control
 * planes' versions, and each minor's Packages index on the first control plane (the activity {@code bosun plan} reads
 * the target's revision with). A downgrade, or a minor whose repository lacks the version, refuses the chain here,
 * before anything changes, naming the hop and the repository.
 */
final class HopPlanner {

  /** Requests recorded before chains ran preflight alone (which refused skipping a minor). */
  static final String CHAINS_CHANGE = "minor-version-chains";

  /** The failure type of a refused chain. */
  static final String REFUSED = "ChainRefused";

  private static final String PACKAGE = "kubeadm";

  /**
   * @param from the control planes' version now
   * @param hops in order; a hop whose minor could not be read has {@code to} = the minor's .0 and no package
   * @param refusals one line per hop that cannot run (empty: the chain can start)
   */
  record Plan(String from, List<HopPlan> hops, List<String> refusals) {

    boolean refused() {
      return !refusals.isEmpty();
    }

    ApplicationFailure failure(String cluster, KubeVersion target) {
      return ApplicationFailure.newNonRetryableFailure(
          "upgrade of " + cluster + " to " + target + " refused before any change: "
              + String.join("; ", refusals),
          REFUSED);
    }
  }

  private HopPlanner() {}

  /**
   * The cluster's own upgrade (not a hop, not a continued run) to a target more than one minor above the inventory's
   * kubernetes.version runs as a chain; a single-minor upgrade keeps its shape (no marker, no extra activity).
   */
  static boolean applies(UpgradeRequest r) {
    if (r.hop() != null
        || r.checkpoint() != null
        || r.inventory() == null
        || r.target() == null
        || r.inventory().kubernetes() == null
        || !KubeVersion.isValid(r.inventory().kubernetes().version())) {
      return false;
    }
    KubeVersion declared = KubeVersion.parse(r.inventory().kubernetes().version());
    int minors = declared.minorsTo(r.target());
    return minors > 1
        && minors < 1000 // a major change: preflight refuses it
        && Workflow.getVersion(CHAINS_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  static Plan plan(Inventory inventory, KubeVersion target) {
    KubeVersion from = controlPlaneVersion(inventory);
    if (from == null) {
      return new Plan(
          null,
          List.of(),
          List.of(
              "the control planes report no vMAJOR.MINOR.PATCH kubelet version (is the API reachable?)"));
    }
    String base = inventory.kubernetes().packageRepositoryOrDefault();
    int minors = from.minorsTo(target);
    if (target.compareTo(from) < 0 || minors >= 1000) {
      return new Plan(
          from.toString(),
          List.of(),
          List.of("hop 1 (" + VersionSkewPolicy.check(from, target).message() + ")"));
    }
    int total = Math.max(1, minors);
    HostTarget first = HostTarget.of(inventory, inventory.firstControlPlane());
    List<HopPlan> hops = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    KubeVersion hopFrom = from;
    for (int i = 1; i <= total; i++) {
      boolean last = i == total;
      KubeVersion minor = last ? target : from.minorAbove(i);
      String repository = KubernetesSpec.minorRepository(base, minor);
      String hopName = "hop " + i + " of " + total + " (" + hopFrom + " → "
          + (last ? target.toString() : minor.minorLabel() + ".latest") + ")";
      String pkg;
      try {
        pkg = last
            ? node(
                    BosunActivityOptions.QUICK,
                    "read the " + minor.minorLabel() + " package index on " + first.node())
                .lookUpPackageVersion(first, base, PACKAGE, target)
            : node(
                    BosunActivityOptions.QUICK,
                    "latest " + PACKAGE + " in the " + minor.minorLabel() + " package index on "
                        + first.node())
                .latestPackageVersion(first, base, PACKAGE, minor);
      } catch (ActivityFailure e) {
        String why = e.getCause() instanceof ApplicationFailure af
            ? af.getOriginalMessage()
            : e.getMessage();
        refusals.add(hopName + ": the repository " + repository + " cannot serve it: " + why);
        pkg = null;
      }
      KubeVersion to = last ? target : pkg == null ? minor : KubeVersion.ofPackage(pkg);
      hops.add(new HopPlan(i, hopFrom.toString(), to.toString(), pkg, repository));
      hopFrom = to;
    }
    return new Plan(from.toString(), List.copyOf(hops), List.copyOf(refusals));
  }

  /** The lowest kubelet version of the inventory's control planes (preflight judges a mix), or null. */
  private static KubeVersion controlPlaneVersion(Inventory inventory) {
    ClusterState state = kube(
            BosunActivityOptions.QUICK,
            "read the control planes' versions of " + inventory.cluster())
        .readClusterState(ClusterTarget.of(inventory));
    KubeVersion lowest = null;
    for (NodeSpec cp : inventory.controlPlanes()) {
      NodeState s = state.node(cp.name());
      if (s != null && KubeVersion.isValid(s.kubeletVersion())) {
        KubeVersion v = KubeVersion.parse(s.kubeletVersion());
        lowest = lowest == null || v.compareTo(lowest) < 0 ? v : lowest;
      }
    }
    return lowest;
  }
}
