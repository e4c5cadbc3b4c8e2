package dev.bosun.activities;

import dev.bosun.activities.backup.BackupActivitiesImpl;
import dev.bosun.activities.backup.DrillActivitiesImpl;
import dev.bosun.activities.bootstrap.BootstrapActivitiesImpl;
import dev.bosun.activities.hypervisor.HypervisorActivitiesImpl;
import dev.bosun.activities.kube.KubeClients;
import dev.bosun.activities.kube.KubernetesActivitiesImpl;
import dev.bosun.activities.node.NodeActivitiesImpl;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.activities.temporal.ClusterLockActivitiesImpl;
import java.time.Duration;
import java.util.List;

/**
 * Builds every activity implementation a Bosun worker registers, sharing one SSH connection pool and
 * one Kubernetes client cache. Close it when the worker stops.
 */
public final class ActivityImplementations implements AutoCloseable {

  /**
   * One Kubernetes API request. Well below the 30 s heartbeat timeout of WAIT_READY and DRAIN_ROUND, so a
   * hung request fails (and is retried by the poll loop) long before Temporal declares the worker gone.
   */
  public static final Duration KUBE_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final SshPool ssh;
  private final KubeClients kubeClients;
  private final NodeActivitiesImpl node;
  private final KubernetesActivitiesImpl kubernetes;
  private final HypervisorActivitiesImpl hypervisor;
  private final BootstrapActivitiesImpl bootstrap;
  private final BackupActivitiesImpl backup;
  private final ClusterLockActivitiesImpl clusterLock = new ClusterLockActivitiesImpl();
  private final DrillActivitiesImpl drill;

  private ActivityImplementations(SshPool ssh, KubeClients kubeClients) {
    this.ssh = ssh;
    this.kubeClients = kubeClients;
    this.node = new NodeActivitiesImpl(ssh);
    this.kubernetes = new KubernetesActivitiesImpl(kubeClients, KUBE_REQUEST_TIMEOUT);
    this.hypervisor = new HypervisorActivitiesImpl(ssh);
    this.bootstrap = new BootstrapActivitiesImpl(ssh);
    this.backup = new BackupActivitiesImpl(kubeClients, ssh);
    this.drill = new DrillActivitiesImpl(kubeClients, ssh);
  }

  public static ActivityImplementations create(ActivitySettings settings) {
    SshPool ssh = new SshPool(settings);
    return new ActivityImplementations(ssh, new KubeClients(ssh, KUBE_REQUEST_TIMEOUT));
  }

  /** The objects to pass to {@code Worker.registerActivitiesImplementations}. */
  public List<Object> implementations() {
    return List.of(node, kubernetes, hypervisor, bootstrap, backup, clusterLock, drill);
  }

  public SshPool ssh() {
    return ssh;
  }

  public KubeClients kubeClients() {
    return kubeClients;
  }

  @Override
  public void close() {
    kubernetes.close();
    kubeClients.close();
    ssh.close();
  }
}
