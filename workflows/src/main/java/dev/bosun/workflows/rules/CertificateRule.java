package dev.bosun.workflows.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;
import dev.bosun.workflows.activities.CertificateExpiry;

/**
 * Whether one kubeadm certificate lets an upgrade go ahead: the one rule preflight and {@code bosun certs} share.
 *
 * <p>Under {@link #WARN_SECONDS} (30 days) it warns; under {@link #BLOCK_SECONDS} (7 days) it blocks, unless the
 * upgrade renews it: {@code kubeadm upgrade apply/node} renew every leaf certificate kubeadm manages by default
 * ({@code --certificate-renewal=true}), but never a certificate authority nor an externally managed certificate
 * (kubeadm has not their CA key). An expired certificate always blocks: the control plane cannot be trusted to
 * come back with it. A missing authority blocks (kubeadm upgrade loads it); a missing leaf is a warning (kubeadm
 * recreates a missing leaf only at init/join, so say which).
 */
public final class CertificateRule {

  public static final long DAY_SECONDS = 86_400L;
  public static final long WARN_SECONDS = 30 * DAY_SECONDS;
  public static final long BLOCK_SECONDS = 7 * DAY_SECONDS;

  /** How one certificate weighs on an upgrade. */
  public enum Status implements Labelled {
    OK,
    WARNING,
    BLOCKER;

    @JsonValue
    @Override
    public String toString() {
      return Labels.of(this);
    }
  }

  /** The status and the operator's sentence for it (empty when ok). */
  public record Verdict(Status status, String message) {}

  private CertificateRule() {}

  /**
   * @param renewalRequested the upgrade renews certificates (the inventory's upgrade.certificateRenewal, true by
   *     default); {@code bosun certs} asks as an upgrade with renewal would
   */
  public static Verdict assess(CertificateExpiry c, boolean renewalRequested) {
    String what =
        (c.authority() ? "certificate authority " : "certificate ") + c.name() + " on " + c.node();
    if (c.missing()) {
      return c.authority()
          ? new Verdict(
              Status.BLOCKER,
              what
                  + " is missing: kubeadm upgrade needs it; restore /etc/kubernetes/pki from a backup")
          : new Verdict(
              Status.WARNING,
              what
                  + " is missing: kubeadm cannot check or renew it (kubeadm certs renew fails on it)");
    }
    boolean renewable = !c.authority() && !c.externallyManaged();
    String byHand = c.authority()
        ? "kubeadm never renews a certificate authority: rotate it by hand (kubeadm docs, manual CA rotation)"
        : "it is externally managed: renew it with the CA that signed it";
    long left = c.residualSeconds();
    if (left <= 0) {
      return new Verdict(
          Status.BLOCKER,
          what + " expired on " + c.expirationDate() + ": "
              + (renewable ? "renew it first (bosun certs --renew)" : byHand));
    }
    String expires = what + " expires in " + residual(left) + " (" + c.expirationDate() + ")";
    if (left < BLOCK_SECONDS) {
      if (renewable && renewalRequested) {
        return new Verdict(
            Status.WARNING,
            expires + ": kubeadm upgrade renews it (upgrade.certificateRenewal is true)");
      }
      return new Verdict(
          Status.BLOCKER,
          expires + ", under 7 days: "
              + (renewable
                  ? "renew it first (bosun certs --renew), or let the upgrade renew it"
                      + " (upgrade.certificateRenewal: true)"
                  : byHand));
    }
    if (left < WARN_SECONDS) {
      return new Verdict(Status.WARNING, expires);
    }
    return new Verdict(Status.OK, "");
  }

  /** Time left in words: "348 days", "23 hours", "42 minutes" ("expired" at or below 0). */
  public static String residual(long seconds) {
    if (seconds <= 0) {
      return "expired";
    }
    if (seconds >= 2 * DAY_SECONDS) {
      return seconds / DAY_SECONDS + " days";
    }
    if (seconds >= 3600) {
      return seconds / 3600 + " hours";
    }
    return Math.max(1, seconds / 60) + " minutes";
  }
}
