package dev.bosun.activities.kube;

import dev.bosun.activities.Failures;
import dev.bosun.activities.FileDigest;
import dev.bosun.activities.node.NodeCommands;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.rules.TargetRules;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One fabric8 client per cluster and credentials. The admin kubeconfig comes from {@code
 * ClusterTarget.kubeconfigPath} (the operator's own file, preferred) or from the first control plane's
 * /etc/kubernetes/admin.conf over SSH (server rewritten to the control-plane endpoint); either way it is read
 * by {@link KubeconfigReader}, never by fabric8's parser. It stays in this worker's memory: never returned,
 * logged or put in a payload.
 */
public final class KubeClients implements AutoCloseable {

  static final String ADMIN_CONF = "/etc/kubernetes/admin.conf";

  /**
   * What a cached client may be reused for: the cluster, and the identity of its credentials — the local
   * file's digest, or the SSH trust (key, known_hosts, host-key policy) the admin.conf was fetched over.
   */
  private record ClientKey(
      String cluster, String endpoint, String kubeconfigPath, Object credentials) {}

  private final SshPool ssh;
  private final Duration requestTimeout;
  private final Map<ClientKey, KubernetesClient> clients = new ConcurrentHashMap<>();

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

  private ClientKey key(ClusterTarget cluster) {
    Failures.validInput(
        () -> TargetRules.requireCluster(cluster)); // any client of the task queue can send one
    Object credentials = local(cluster)
        ? FileDigest.sha256(cluster.kubeconfigPath())
        : cluster.firstControlPlane() == null ? null : ssh.trust(cluster.firstControlPlane());
    return new ClientKey(
        cluster.cluster(), cluster.controlPlaneEndpoint(), cluster.kubeconfigPath(), credentials);
  }

  private static boolean local(ClusterTarget cluster) {
    return cluster.kubeconfigPath() != null && !cluster.kubeconfigPath().isBlank();
  }

  private KubernetesClient build(ClusterTarget cluster) {
    Config config;
    if (local(cluster)) {
      String text;
      try {
        text = Files.readString(Path.of(cluster.kubeconfigPath()));
      } catch (IOException | InvalidPathException e) {
        throw Failures.nonRetryable(
            Failures.KUBECONFIG,
            cluster.cluster() + ": cannot read kubeconfig " + cluster.kubeconfigPath() + ": " + e);
      }
      KubeconfigReader.Credentials c = read(
          cluster,
          () -> KubeconfigReader.fromOperator(text, "kubeconfig " + cluster.kubeconfigPath()));
      config = c.config(c.server());
    } else {
      String text = fetchAdminConf(cluster);
      String source = cluster.firstControlPlane().node() + ": " + ADMIN_CONF;
      config = read(cluster, () -> KubeconfigReader.fromHost(text, source))
          .config(serverUrl(cluster.controlPlaneEndpoint()));
    }
    // Bosun owns retries (429s from PDBs above all); fabric8 would otherwise retry 10 times and
    // hide the body.
    config.setRequestRetryBackoffLimit(0);
    config.setRequestTimeout((int) requestTimeout.toMillis());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private String fetchAdminConf(ClusterTarget cluster) {
    if (cluster.firstControlPlane() == null) {
      throw Failures.nonRetryable(
          Failures.KUBECONFIG,
          cluster.cluster()
              + ": no kubeconfig path and no first control plane to read admin.conf from");
    }
    CommandResult r = ssh.runSensitive(
        cluster.firstControlPlane(), NodeCommands.ADMIN_KUBECONFIG, Duration.ofMinutes(1));
    if (!r.succeeded()) {
      // stderr only: stdout would be the kubeconfig itself.
      throw Failures.retryable(
          Failures.KUBECONFIG,
          cluster.firstControlPlane().node() + ": `" + NodeCommands.ADMIN_KUBECONFIG + "` exited "
              + r.exitCode() + ": " + Failures.lastLines(r.stderr(), 3));
    }
    return r.stdout();
  }

  private static KubeconfigReader.Credentials read(
      ClusterTarget cluster, java.util.function.Supplier<KubeconfigReader.Credentials> reader) {
    try {
      return reader.get();
    } catch (IllegalArgumentException e) {
      // A person must fix the file (or the host): retrying reads the same thing.
      throw Failures.nonRetryable(Failures.KUBECONFIG, cluster.cluster() + ": " + e.getMessage());
    }
  }

  /** https://endpoint; kubeadm's default API port 6443 when the endpoint has none. */
  static String serverUrl(String controlPlaneEndpoint) {
    if (controlPlaneEndpoint == null || controlPlaneEndpoint.isBlank()) {
      throw Failures.nonRetryable(
          Failures.KUBECONFIG,
          "kubernetes.controlPlaneEndpoint is required to reach the API server");
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
