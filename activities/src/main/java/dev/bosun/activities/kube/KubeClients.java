package dev.bosun.activities.kube;

import dev.bosun.activities.Failures;
import dev.bosun.activities.node.NodeCommands;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.model.ClusterTarget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One fabric8 client per cluster. The admin kubeconfig comes from {@code ClusterTarget.kubeconfigPath}
 * or from the first control plane's /etc/kubernetes/admin.conf over SSH (server rewritten to the
 * control-plane endpoint); it stays in this worker's memory: never returned, logged or put in a payload.
 */
public final class KubeClients implements AutoCloseable {

  private final SshPool ssh;
  private final Duration requestTimeout;
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  public KubeClients(SshPool ssh, Duration requestTimeout) {
    this.ssh = ssh;
    this.requestTimeout = requestTimeout;
  }

  public KubernetesClient client(ClusterTarget cluster) {
    return clients.computeIfAbsent(key(cluster), k -> build(cluster));
  }

  /** Forgets a cluster's client (e.g. after its certificates were renewed). */
  public void invalidate(ClusterTarget cluster) {
    KubernetesClient old = clients.remove(key(cluster));
    if (old != null) {
      old.close();
    }
  }

  private static String key(ClusterTarget cluster) {
    return cluster.cluster() + "|" + cluster.controlPlaneEndpoint() + "|" + cluster.kubeconfigPath();
  }

  private KubernetesClient build(ClusterTarget cluster) {
    Config config;
    if (cluster.kubeconfigPath() != null && !cluster.kubeconfigPath().isBlank()) {
      String text;
      try {
        text = Files.readString(Path.of(cluster.kubeconfigPath()));
      } catch (IOException e) {
        throw Failures.nonRetryable(Failures.KUBECONFIG, cluster.cluster() + ": cannot read kubeconfig " + cluster.kubeconfigPath() + ": " + e);
      }
      config = parse(cluster, text, "kubeconfig " + cluster.kubeconfigPath());
    } else {
      config = parse(cluster, fetchAdminConf(cluster), "admin.conf of " + cluster.firstControlPlane().node());
      config.setMasterUrl(serverUrl(cluster.controlPlaneEndpoint()));
    }
    // Bosun owns retries (429s from PDBs above all); fabric8 would otherwise retry 10 times and hide the body.
    config.setRequestRetryBackoffLimit(0);
    config.setRequestTimeout((int) requestTimeout.toMillis());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private String fetchAdminConf(ClusterTarget cluster) {
    if (cluster.firstControlPlane() == null) {
      throw Failures.nonRetryable(Failures.KUBECONFIG, cluster.cluster() + ": no kubeconfig path and no first control plane to read admin.conf from");
    }
    CommandResult r = ssh.runSensitive(cluster.firstControlPlane(), NodeCommands.ADMIN_KUBECONFIG, Duration.ofMinutes(1));
    if (!r.succeeded()) {
      // stderr only: stdout would be the kubeconfig itself.
      throw Failures.retryable(Failures.KUBECONFIG, cluster.firstControlPlane().node() + ": `" + NodeCommands.ADMIN_KUBECONFIG
          + "` exited " + r.exitCode() + ": " + Failures.lastLines(r.stderr(), 3));
    }
    return r.stdout();
  }

  private static Config parse(ClusterTarget cluster, String kubeconfig, String what) {
    try {
      return Config.fromKubeconfig(kubeconfig);
    } catch (RuntimeException e) {
      // The exception text could quote the file; name only the source.
      throw Failures.nonRetryable(Failures.KUBECONFIG, cluster.cluster() + ": " + what + " is not a usable kubeconfig ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** https://endpoint; kubeadm's default API port 6443 when the endpoint has none. */
  static String serverUrl(String controlPlaneEndpoint) {
    if (controlPlaneEndpoint == null || controlPlaneEndpoint.isBlank()) {
      throw Failures.nonRetryable(Failures.KUBECONFIG, "kubernetes.controlPlaneEndpoint is required to reach the API server");
    }
    String endpoint = controlPlaneEndpoint.replaceFirst("^https://", "");
    boolean hasPort = endpoint.startsWith("[") ? endpoint.contains("]:") : endpoint.contains(":");
    return "https://" + endpoint + (hasPort ? "" : ":6443");
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    clients.clear();
  }
}
