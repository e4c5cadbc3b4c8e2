package dev.bosun.workflows.activities;

/**
 * One certificate from {@code kubeadm certs check-expiration -o json}.
 *
 * @param residualSeconds time left, in seconds (kubeadm's residualTime)
 */
public record CertificateExpiry(
    String node,
    String name,
    String expirationDate,
    long residualSeconds,
    boolean authority,
    boolean missing) {}
