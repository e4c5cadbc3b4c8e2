package dev.bosun.workflows.certs;

import dev.bosun.workflows.rules.CertificateRule;
import java.util.List;

/**
 * What {@code bosun certs} shows: every control plane's certificates (after the renewal, when it renewed).
 *
 * @param certificateRenewal the inventory's upgrade.certificateRenewal, which the statuses assume
 * @param unreadable control planes whose certificates could not be read, with why
 * @param renewed control planes renewed and restarted, in order (empty for a check)
 * @param failedNode the control plane where a renewal stopped (null when none did)
 * @param error why it stopped (null when it did not)
 */
public record CertificatesReport(
    String cluster,
    boolean certificateRenewal,
    List<CertificateRow> certificates,
    List<String> unreadable,
    List<String> renewed,
    String failedNode,
    String error) {

  /** A certificate would block an upgrade, or a control plane could not be read, or the renewal stopped. */
  public boolean troubled() {
    return failedNode != null
        || !unreadable.isEmpty()
        || certificates.stream().anyMatch(r -> r.status() == CertificateRule.Status.BLOCKER);
  }
}
