package dev.bosun.workflows.certs;

import dev.bosun.workflows.model.Inventory;
import java.time.Duration;

/**
 * What {@code bosun certs} asks.
 *
 * @param staticPodWait renewal only: how long a static pod's manifest stays out of /etc/kubernetes/manifests so that
 *     the kubelet notices and stops the pod (its fileCheckFrequency, 20s by default); null: 20s
 */
public record CertificatesRequest(Inventory inventory, Duration staticPodWait) {

  /** The kubelet's default fileCheckFrequency, the wait the kubeadm docs give for a static pod restart. */
  public static final Duration KUBELET_FILE_CHECK = Duration.ofSeconds(20);

  public Duration staticPodWaitOrDefault() {
    return staticPodWait == null ? KUBELET_FILE_CHECK : staticPodWait;
  }

  /** Before any activity: a clear error naming the field. */
  public void validate() {
    if (inventory == null || inventory.controlPlanes().isEmpty()) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "inventory: nodes must name at least one control-plane (certificates live on control planes)",
          "InvalidInput");
    }
    if (staticPodWait != null
        && (staticPodWait.isNegative() || staticPodWait.compareTo(Duration.ofMinutes(10)) > 0)) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "--static-pod-wait must be 0s to 10m (the kubelet checks its manifests every 20s by default), got "
              + staticPodWait,
          "InvalidInput");
    }
  }
}
