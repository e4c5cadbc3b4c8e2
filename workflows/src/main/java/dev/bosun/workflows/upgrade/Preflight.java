package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.kube;
import static dev.bosun.workflows.ActivityStubs.node;
import static dev.bosun.workflows.upgrade.PreflightFinding.Severity.BLOCKER;
import static dev.bosun.workflows.upgrade.PreflightFinding.Severity.OK;
import static dev.bosun.workflows.upgrade.PreflightFinding.Severity.WARNING;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.ClusterState;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.upgrade.PreflightFinding.Check;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The checks before a rolling upgrade changes anything, shared by RollingUpgrade and PlanUpgrade
 * (which runs them read-only: the package repository is not switched, so packages are not checked).
 */
public final class Preflight {

  /**
   * @param from the control planes' version (the cluster's version)
   * @param nodeVersions every node's kubelet version
   * @param cordonedBefore nodes already unschedulable (they stay cordoned)
   * @param packageVersion the target's Debian package version (null when not checked)
   * @param nothingToDo every node already runs the target
   * @param vmSnapshots the workers whose VM is snapshotted before their upgrade (empty unless snapshotBeforeUpgrade)
   */
  public record Result(
      List<PreflightFinding> findings,
      KubeVersion from,
      Map<String, KubeVersion> nodeVersions,
      List<String> cordonedBefore,
      String packageVersion,
      boolean nothingToDo,
      List<String> vmSnapshots) {

    public boolean blocked() {
      return findings.stream().anyMatch(PreflightFinding::blocks);
    }

    public List<PreflightFinding> blockers() {
      return findings.stream().filter(PreflightFinding::blocks).toList();
    }

    /** The non-retryable failure a blocked upgrade ends with; its message lists every blocker. */
    public ApplicationFailure failure(String cluster) {
      return ApplicationFailure.newNonRetryableFailure(
          PreflightText.refusal(cluster, blockers()), "PreflightFailed", findings);
    }
  }

  private final Inventory inventory;
  private final KubeVersion target;
  private final boolean readOnly;
  private final boolean etcdSnapshot;
  private final boolean vmSnapshots;
  private final List<PreflightFinding> findings = new ArrayList<>();
  private final PreflightHostChecks hostChecks;
  private boolean certificateRenewal = true;

  /** Checks the request itself, before any activity: see {@link UpgradeValidation}. */
  public static void validate(UpgradeRequest request) {
    UpgradeValidation.validate(request);
  }

  public Preflight(Inventory inventory, KubeVersion target, boolean readOnly) {
    this(inventory, target, readOnly, false);
  }

  /** @param etcdSnapshot the upgrade will take an etcd snapshot: check the tools for it are installed */
  public Preflight(
      Inventory inventory, KubeVersion target, boolean readOnly, boolean etcdSnapshot) {
    this(inventory, target, readOnly, etcdSnapshot, false);
  }

  /** @param vmSnapshots snapshotBeforeUpgrade: find the workers whose VM can be snapshotted (see {@link PreflightSnapshots}) */
  public Preflight(
      Inventory inventory,
      KubeVersion target,
      boolean readOnly,
      boolean etcdSnapshot,
      boolean vmSnapshots) {
    this.vmSnapshots = vmSnapshots;
    this.inventory = inventory;
    this.target = target;
    this.readOnly = readOnly;
    this.etcdSnapshot = etcdSnapshot;
    this.hostChecks = new PreflightHostChecks(inventory, target, findings);
  }

  /** The upgrade renews certificates (upgrade.certificateRenewal): see {@link dev.bosun.workflows.rules.CertificateRule}. */
  public Preflight certificateRenewal(boolean renewal) {
    this.certificateRenewal = renewal;
    return this;
  }

  public Result run() {
    ClusterTarget cluster = ClusterTarget.of(inventory);
    NodeSpec firstCp = inventory.firstControlPlane();
    HostTarget firstHost = HostTarget.of(inventory, firstCp);

    ClusterState state = kube(
            BosunActivityOptions.QUICK, "read cluster state of " + inventory.cluster())
        .readClusterState(cluster);
    HostFacts facts;
    try {
      facts = node(BosunActivityOptions.QUICK, "read host facts of " + firstCp.name())
          .readHostFacts(firstHost);
    } catch (ActivityFailure e) {
      add(
          BLOCKER,
          Check.SSH,
          "cannot read " + firstCp.name() + " over SSH: " + WorkflowFailures.describe(e));
      return new Result(List.copyOf(findings), null, Map.of(), List.of(), null, false, List.of());
    }

    Map<String, KubeVersion> versions = new LinkedHashMap<>();
    List<String> cordoned = new ArrayList<>();
    List<String> notReady = new ArrayList<>();
    for (NodeSpec n : inventory.nodes()) {
      NodeState s = state.node(n.name());
      if (s == null) {
        add(BLOCKER, Check.INVENTORY, n.name() + " is in the inventory but not in the cluster");
        continue;
      }
      if (!KubeVersion.isValid(s.kubeletVersion())) {
        add(
            BLOCKER,
            Check.VERSION_SKEW,
            n.name() + " reports kubelet version '" + s.kubeletVersion()
                + "', not vMAJOR.MINOR.PATCH");
        continue;
      }
      versions.put(n.name(), KubeVersion.parse(s.kubeletVersion()));
      if (!s.ready()) notReady.add(n.name());
      if (s.unschedulable()) cordoned.add(n.name());
    }

    KubeVersion from = controlPlaneVersion(versions, state, facts);
    if (from != null) {
      checkSkew(from, versions);
    }
    if (notReady.isEmpty()) {
      add(OK, Check.NODES_READY, "all " + versions.size() + " nodes are Ready");
    } else {
      add(
          BLOCKER,
          Check.NODES_READY,
          "not Ready: " + String.join(", ", notReady)
              + ": fix them (or remove them from the inventory) first");
    }
    if (!cordoned.isEmpty()) {
      add(
          WARNING,
          Check.CORDONED,
          "already cordoned before Bosun (they stay cordoned): " + String.join(", ", cordoned));
    }
    add(
        state.etcdHealthy() ? OK : BLOCKER,
        Check.ETCD,
        state.etcdHealthy()
            ? "etcd is healthy"
            : "etcd is not healthy (an etcd static pod is not Running and Ready): fix etcd first");
    // Versioned: runs recorded before read only the first control plane's certificates.
    boolean everyControlPlane =
        Workflow.getVersion("preflight-certs-every-control-plane", Workflow.DEFAULT_VERSION, 1)
            == 1;
    hostChecks.certificates(
        everyControlPlane
            ? inventory.controlPlanes().stream()
                .map(n -> HostTarget.of(inventory, n))
                .toList()
            : List.of(firstHost),
        certificateRenewal);
    // Versioned: runs recorded before this check replay without it.
    if (etcdSnapshot
        && Workflow.getVersion("preflight-etcd-tools", Workflow.DEFAULT_VERSION, 1) == 1) {
      hostChecks.etcdTools(firstHost);
    }
    if (Workflow.getVersion(EtcdQuorumGuard.PREFLIGHT_CHANGE_ID, Workflow.DEFAULT_VERSION, 1)
        == 1) {
      hostChecks.etcdctlForQuorumGuard(inventory.controlPlanes().stream()
          .filter(n -> !target.equals(versions.get(n.name())))
          .map(n -> HostTarget.of(inventory, n))
          .toList());
    }

    boolean nothingToDo = from != null
        && versions.size() == inventory.nodes().size()
        && versions.values().stream().allMatch(target::equals);
    List<String> toUpgrade = versions.entrySet().stream()
        .filter(e -> !e.getValue().equals(target))
        .map(Map.Entry::getKey)
        .toList();
    if (!toUpgrade.isEmpty()) {
      List<PdbBlocker> pdbs = kube(BosunActivityOptions.QUICK, "find PDBs that would block drains")
          .findPdbBlockers(cluster, toUpgrade);
      if (pdbs.isEmpty()) {
        add(OK, Check.PDB, "no PodDisruptionBudget blocks a drain");
      }
      for (PdbBlocker b : pdbs) {
        add(
            BLOCKER,
            Check.PDB,
            "PDB " + b.namespace() + "/" + b.name() + " allows " + b.disruptionsAllowed()
                + " disruption(s) and covers pods on nodes to drain: "
                + String.join(", ", b.pods()));
      }
    }
    // Only with the option on: runs without it (all recorded before it existed) make exactly the
    // calls they made.
    List<String> snapshotted =
        vmSnapshots ? new PreflightSnapshots(inventory, findings).check() : List.of();
    String packageVersion = hostChecks.packages(facts, firstHost, readOnly, nothingToDo);
    return new Result(
        List.copyOf(findings),
        from,
        versions,
        List.copyOf(cordoned),
        packageVersion,
        nothingToDo,
        snapshotted);
  }

  private KubeVersion controlPlaneVersion(
      Map<String, KubeVersion> versions, ClusterState state, HostFacts facts) {
    Map<String, KubeVersion> cps = new LinkedHashMap<>();
    inventory.controlPlanes().forEach(n -> {
      if (versions.containsKey(n.name())) cps.put(n.name(), versions.get(n.name()));
    });
    TreeSet<KubeVersion> distinct = new TreeSet<>(cps.values());
    if (distinct.size() > 1) {
      StringBuilder sb = new StringBuilder("control planes run different versions: ");
      cps.forEach((n, v) -> sb.append(n).append(' ').append(v).append(", "));
      sb.setLength(sb.length() - 2);
      add(
          BLOCKER,
          Check.CONTROL_PLANE_VERSIONS,
          sb + ": finish the previous upgrade to " + distinct.last() + " first");
      return null;
    }
    if (distinct.isEmpty()) {
      return null;
    }
    KubeVersion from = distinct.first();
    add(
        OK,
        Check.CONTROL_PLANE_VERSIONS,
        "control planes at " + from + " (API server " + state.apiServerVersion() + ", kubeadm "
            + facts.kubeadmVersion() + ")");
    return from;
  }

  private void checkSkew(KubeVersion from, Map<String, KubeVersion> versions) {
    VersionSkewPolicy.Verdict verdict = VersionSkewPolicy.check(from, target);
    add(verdict.allowed() ? OK : BLOCKER, Check.VERSION_SKEW, verdict.message());
    versions.forEach((n, v) -> {
      if (v.compareTo(target) > 0) {
        add(
            BLOCKER,
            Check.VERSION_SKEW,
            n + " runs " + v + ", newer than the target " + target + ": that would be a downgrade");
      }
    });
  }

  private void add(PreflightFinding.Severity severity, Check check, String message) {
    findings.add(new PreflightFinding(severity, check, message));
  }
}
