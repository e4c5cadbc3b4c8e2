package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/**
 * Turning a bare Debian/Ubuntu machine into a kubeadm node, over SSH. Check-then-act like {@link NodeActivities}:
 * a step already done is skipped and says so. Join tokens and certificate keys are created and used inside
 * {@link #kubeadmJoin} and never leave it.
 */
@ActivityInterface
public interface BootstrapActivities {

  /** Waits (heartbeating) until the host answers on SSH; returns its facts (architecture, OS). */
  @ActivityMethod
  HostFacts waitForSsh(HostTarget host, Duration timeout);

  /** containerd with the systemd cgroup driver, the kernel modules and sysctls kubeadm's preflight wants, swap off. */
  @ActivityMethod
  StepOutcome installContainerRuntime(HostTarget host);

  /** The pkgs.k8s.io repository of {@code version}'s minor for {@code arch}, kubeadm/kubelet/kubectl pinned and held. */
  @ActivityMethod
  StepOutcome installKubernetesPackages(
      HostTarget host, String repositoryBaseUrl, KubeVersion version, String arch);

  /** {@code kubeadm init --config … --upload-certs} on the first control plane; skipped when it is initialised. */
  @ActivityMethod
  StepOutcome kubeadmInit(HostTarget firstControlPlane, KubeadmInitRequest request);

  /** {@code kubectl apply -f MANIFEST} with the admin kubeconfig on the first control plane. */
  @ActivityMethod
  StepOutcome applyCni(HostTarget firstControlPlane, String manifest);

  /**
   * etcdctl and etcdutl on a control plane, at the version of the etcd it runs (its manifest's image): from that etcd
   * release under {@code etcdReleases}, checked against the release's SHA256SUMS, into /usr/local/bin. kubeadm
   * installs neither; the upgrade's etcd snapshot and quorum guard and the backup need both. Skipped when both are
   * there at that version.
   */
  @ActivityMethod
  StepOutcome installEtcdClient(HostTarget controlPlane, String etcdReleases);

  /**
   * Joins {@code node}: a short-lived token (and, for a control plane, a freshly uploaded certificate key) made on
   * the first control plane, a JoinConfiguration written on the node through stdin, {@code kubeadm join --config}.
   * Skipped when the node has joined already.
   */
  @ActivityMethod
  StepOutcome kubeadmJoin(HostTarget firstControlPlane, HostTarget node, boolean controlPlane);

  /**
   * Sets labels (key=value, overwriting) and taints (key[=value]:Effect) on the Node through the first control plane's
   * admin kubeconfig; a label or taint already there is left alone.
   */
  @ActivityMethod
  StepOutcome labelNode(
      HostTarget firstControlPlane,
      String node,
      java.util.Map<String, String> labels,
      java.util.List<String> taints);

  /** Compensation: {@code kubeadm reset -f} on the node, and its Node object deleted through the first control plane. */
  @ActivityMethod
  StepOutcome kubeadmReset(HostTarget firstControlPlane, HostTarget node);
}
