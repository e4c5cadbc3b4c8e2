package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.node;
import static dev.bosun.workflows.upgrade.PreflightFinding.Severity.BLOCKER;
import static dev.bosun.workflows.upgrade.PreflightFinding.Severity.OK;
import static dev.bosun.workflows.upgrade.PreflightFinding.Severity.WARNING;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.rules.CertificateRule;
import dev.bosun.workflows.upgrade.PreflightFinding.Check;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The preflight checks run over SSH: certificates (every control plane), the etcd tools and
 * whether the target's kubeadm package can be installed (the first control plane). Each adds its findings to {@link Preflight}'s
 * list; the order of the calls (and so of the activities) stays {@link Preflight#run}'s.
 */
final class PreflightHostChecks {

  /** Plans started before the read-only package index look-up replay without it. */
  static final String PACKAGE_INDEX_CHANGE = "plan-package-index";

  private final Inventory inventory;
  private final KubeVersion target;
  private final List<PreflightFinding> findings;

  PreflightHostChecks(Inventory inventory, KubeVersion target, List<PreflightFinding> findings) {
    this.inventory = inventory;
    this.target = target;
    this.findings = findings;
  }

  /**
   * kubeadm certs check-expiration on each control plane in {@code hosts}, judged by {@link CertificateRule}: a
   * certificate under 30 days warns, under 7 days blocks unless the upgrade renews it ({@code renewal}).
   */
  void certificates(List<HostTarget> hosts, boolean renewal) {
    int problems = 0;
    for (HostTarget host : hosts) {
      List<CertificateExpiry> certs;
      try {
        certs = node(BosunActivityOptions.QUICK, "kubeadm certs check-expiration on " + host.node())
            .checkCertificates(host);
      } catch (ActivityFailure e) {
        problems++;
        add(
            BLOCKER,
            Check.CERTIFICATES,
            "cannot read the certificates of " + host.node() + ": " + WorkflowFailures.describe(e));
        continue;
      }
      for (CertificateExpiry c : certs) {
        CertificateRule.Verdict v = CertificateRule.assess(c, renewal);
        if (v.status() != CertificateRule.Status.OK) {
          problems++;
          add(
              v.status() == CertificateRule.Status.BLOCKER ? BLOCKER : WARNING,
              Check.CERTIFICATES,
              v.message());
        }
      }
    }
    String on = hosts.stream().map(HostTarget::node).collect(Collectors.joining(", "));
    add(
        OK,
        Check.CERTIFICATES,
        (problems == 0 ? "every certificate on " + on + " is valid for 30 days or more; " : "")
            + (renewal
                ? "kubeadm upgrade renews the leaf certificates it manages (upgrade.certificateRenewal: true)"
                : "kubeadm upgrade runs with --certificate-renewal=false (upgrade.certificateRenewal: false):"
                    + " it renews nothing"));
  }

  /** etcdctl/etcdutl missing would fail the snapshot only after the repository was switched: say so now. */
  void etcdTools(HostTarget firstHost) {
    List<String> missing = node(
            BosunActivityOptions.QUICK, "look for etcdctl/etcdutl on " + firstHost.node())
        .missingEtcdTools(firstHost);
    if (missing.isEmpty()) {
      add(OK, Check.ETCD_TOOLS, "etcdctl and etcdutl are installed on " + firstHost.node());
    } else {
      add(
          BLOCKER,
          Check.ETCD_TOOLS,
          String.join("/", missing) + " not found on " + firstHost.node()
              + ": install etcd-client matching the cluster's etcd (with etcdSnapshot: false only"
              + " etcdctl is needed, for the etcd quorum guard)");
    }
  }

  /**
   * etcdctl on every control plane still to upgrade: the etcd quorum guard reads the members with it before each
   * one's upgrade, so its absence would stop the run half-way; say so now.
   */
  void etcdctlForQuorumGuard(List<HostTarget> controlPlanes) {
    List<String> without = new java.util.ArrayList<>();
    for (HostTarget cp : controlPlanes) {
      if (node(BosunActivityOptions.QUICK, "look for etcdctl on " + cp.node())
          .missingEtcdTools(cp)
          .contains("etcdctl")) {
        without.add(cp.node());
      }
    }
    if (!without.isEmpty()) {
      add(
          BLOCKER,
          Check.ETCD_TOOLS,
          "etcdctl not found on " + String.join(", ", without)
              + ": the etcd quorum guard reads the etcd members with it before each control plane's"
              + " upgrade; install etcd-client matching the cluster's etcd");
    }
  }

  /** The target's kubeadm package version, or null when it was not (or could not be) resolved. */
  String packages(HostFacts facts, HostTarget firstHost, boolean readOnly, boolean nothingToDo) {
    if (!"apt".equals(facts.packageManager())) {
      add(
          BLOCKER,
          Check.PACKAGES,
          "unsupported package manager '" + facts.packageManager() + "' on " + firstHost.node()
              + ": Bosun upgrades apt-based nodes only");
      return null;
    }
    if (readOnly) {
      return readOnlyPackages(firstHost);
    }
    if (nothingToDo || findings.stream().anyMatch(PreflightFinding::blocks)) {
      return null; // switching the repository is a change: only when the upgrade will go ahead
    }
    try {
      node(
              BosunActivityOptions.QUICK,
              "point apt at " + target.minorLabel() + " on " + firstHost.node())
          .setPackageRepository(
              firstHost, inventory.kubernetes().packageRepositoryOrDefault(), target);
      String version = node(
              BosunActivityOptions.QUICK,
              "apt-cache madison kubeadm " + target + " on " + firstHost.node())
          .resolvePackageVersion(firstHost, "kubeadm", target);
      add(OK, Check.PACKAGES, "kubeadm " + version + " is available");
      return version;
    } catch (ActivityFailure e) {
      String why =
          e.getCause() instanceof ApplicationFailure af ? af.getOriginalMessage() : e.getMessage();
      add(
          BLOCKER,
          Check.PACKAGES,
          "kubeadm " + target + " is not available on " + firstHost.node() + ": " + why);
      return null;
    }
  }

  /**
   * The plan's look-up: the target minor's package index read on the first control plane (its own network and proxy
   * decide), nothing switched. An unreadable index is a warning, not a blocker: the upgrade's preflight resolves the
   * version with apt itself once the repository points at the target's minor.
   */
  private String readOnlyPackages(HostTarget firstHost) {
    if (Workflow.getVersion(PACKAGE_INDEX_CHANGE, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      add(
          WARNING,
          Check.PACKAGES,
          "kubeadm " + target
              + " availability not checked read-only (the repository would have to point at "
              + target.minorLabel() + ")");
      return null;
    }
    try {
      String version = node(
              BosunActivityOptions.QUICK,
              "read the " + target.minorLabel() + " package index on " + firstHost.node())
          .lookUpPackageVersion(
              firstHost, inventory.kubernetes().packageRepositoryOrDefault(), "kubeadm", target);
      add(
          OK,
          Check.PACKAGES,
          "kubeadm " + version + " is in the " + target.minorLabel() + " package index (read on "
              + firstHost.node() + "; nothing switched)");
      return version;
    } catch (ActivityFailure e) {
      ApplicationFailure af = e.getCause() instanceof ApplicationFailure a ? a : null;
      String why = af != null ? af.getOriginalMessage() : e.getMessage();
      if (af != null && BosunActivityOptions.PACKAGE_NOT_FOUND.equals(af.getType())) {
        add(BLOCKER, Check.PACKAGES, "kubeadm " + target + " is not available: " + why);
      } else {
        add(
            WARNING,
            Check.PACKAGES,
            "kubeadm " + target + "'s Debian revision not resolved read-only, shown as "
                + target.bare() + "-REV: " + why
                + "; the upgrade's preflight reads it with apt-cache madison after switching the"
                + " repository");
      }
      return null;
    }
  }

  private void add(PreflightFinding.Severity severity, Check check, String message) {
    findings.add(new PreflightFinding(severity, check, message));
  }
}
