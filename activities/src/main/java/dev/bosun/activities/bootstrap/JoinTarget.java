package dev.bosun.activities.bootstrap;

/**
 * What {@code kubeadm token create --print-join-command} tells a joining node: where the API is, the bootstrap token
 * and the CA pin. Holds a secret: its {@link #toString()} never shows the token. Lives only inside one activity.
 */
public record JoinTarget(String endpoint, String token, String caCertHash) {

  @Override
  public String toString() {
    return "JoinTarget[endpoint=" + endpoint + ", token=<redacted>, caCertHash=" + caCertHash + "]";
  }
}
