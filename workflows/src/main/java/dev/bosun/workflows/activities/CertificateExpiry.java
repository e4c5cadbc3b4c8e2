package dev.bosun.workflows.activities;

/**
 * One certificate from {@code kubeadm certs check-expiration -o json}.
 *
 * @param residualSeconds time left, in seconds (kubeadm's residualTime)
 * @param authority one of kubeadm's certificateAuthorities (kubeadm never renews those)
 * @param caName the authority that signed it (kubeadm omits it for root CAs; null here then)
 * @param externallyManaged kubeadm has not the CA key: it cannot renew it. Absent (old histories): false
 */
public record CertificateExpiry(
    String node,
    String name,
    String expirationDate,
    long residualSeconds,
    boolean authority,
    boolean missing,
    String caName,
    boolean externallyManaged) {

  /** Without the CA name and externallyManaged (the signature before them). */
  public CertificateExpiry(
      String node,
      String name,
      String expirationDate,
      long residualSeconds,
      boolean authority,
      boolean missing) {
    this(node, name, expirationDate, residualSeconds, authority, missing, null, false);
  }
}
