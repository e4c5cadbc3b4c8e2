package dev.bosun.workflows.certs;

import static dev.bosun.workflows.ActivityStubs.node;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.WorkflowFailures;
import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.rules.CertificateRule;
import io.temporal.failure.ActivityFailure;
import java.util.ArrayList;
import java.util.List;

/** Reads every control plane's certificates and judges each with {@link CertificateRule}, as preflight does. */
final class CertificateReading {

  private CertificateReading() {}

  static CertificatesReport read(
      Inventory inventory, List<String> renewed, String failedNode, String error) {
    boolean renewal =
        inventory.upgrade() == null || inventory.upgrade().certificateRenewalOrDefault();
    List<CertificateRow> rows = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (NodeSpec cp : inventory.controlPlanes()) {
      try {
        for (CertificateExpiry c : node(
                BosunActivityOptions.QUICK, "kubeadm certs check-expiration on " + cp.name())
            .checkCertificates(HostTarget.of(inventory, cp))) {
          CertificateRule.Verdict v = CertificateRule.assess(c, renewal);
          rows.add(new CertificateRow(c, v.status(), v.message()));
        }
      } catch (ActivityFailure e) {
        unreadable.add(cp.name() + ": " + WorkflowFailures.describe(e));
      }
    }
    return new CertificatesReport(
        inventory.cluster(),
        renewal,
        List.copyOf(rows),
        List.copyOf(unreadable),
        List.copyOf(renewed),
        failedNode,
        error);
  }
}
