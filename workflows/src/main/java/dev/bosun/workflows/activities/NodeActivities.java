package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * What Bosun does on a node's operating system, over SSH: packages, kubeadm, the kubelet, etcd.
 *
 * <p>Every mutating method is check-then-act: when the host is already in the wanted state it does
 * nothing and says so ({@link StepOutcome#alreadyDone()}), so a retry after a worker crash is harmless.
 */
@ActivityInterface
public interface NodeActivities {

  /** Reads versions, holds, the configured repository and the kubelet's state. Changes nothing. */
  @ActivityMethod
  HostFacts readHostFacts(HostTarget host);

  /**
   * Points /etc/apt/sources.list.d/kubernetes.list at the pkgs.k8s.io repository of {@code target}'s
   * minor and runs apt-get update. Skips the write when the line is already there.
   */
  @ActivityMethod
  StepOutcome setPackageRepository(HostTarget host, String repositoryBaseUrl, KubeVersion target);

  /**
   * The exact Debian package version of {@code target} in the configured repository (e.g. 1.31.2-1.1),
   * from {@code apt-cache madison}. Fails (not retryable) when the repository does not have it.
   */
  @ActivityMethod
  String resolvePackageVersion(HostTarget host, String packageName, KubeVersion target);

  /**
   * The exact Debian package version of {@code target} (e.g. 1.31.2-1.1) for the host's architecture, read from the
   * package index of {@code target}'s minor ({@code curl <repositoryBaseUrl>/<minor>/deb/Packages} on the host, as the
   * SSH user) without changing anything: not the apt sources, not apt's lists. Fails (not retryable) with
   * PackageNotFound when the index does not list it, with CommandFailed when the index cannot be read.
   */
  @ActivityMethod
  String lookUpPackageVersion(
      HostTarget host, String repositoryBaseUrl, String packageName, KubeVersion target);

  /**
   * The newest Debian package version (e.g. 1.31.9-1.1) of {@code packageName} in the package index of {@code minor}'s
   * repository, for the host's architecture: the index {@link #lookUpPackageVersion} reads, read the same way (nothing
   * changed). How a minor-version chain learns the latest patch of the minors it passes through. Fails (not retryable)
   * with PackageNotFound when the index lists no such package, with CommandFailed when it cannot be read.
   */
  @ActivityMethod
  String latestPackageVersion(
      HostTarget host, String repositoryBaseUrl, String packageName, KubeVersion minor);

  /**
   * Installs exact package versions with their holds lifted for the install and set again after;
   * packages already at the version are left alone. Returns what was installed before, for rollback.
   */
  @ActivityMethod
  PackageChange installPackages(HostTarget host, List<PackagePin> pins);

  /** {@code kubeadm upgrade plan -o json}, parsed. An empty plan means "up to date". */
  @ActivityMethod
  KubeadmUpgradePlan kubeadmUpgradePlan(HostTarget host);

  /**
   * {@code kubeadm upgrade apply vX.Y.Z -y} on the first control plane; skipped when its static pods are at target.
   *
   * @param certificateRenewal false adds {@code --certificate-renewal=false}; null (activities scheduled before the
   *     argument existed) renews, as kubeadm does by default
   */
  @ActivityMethod
  StepOutcome kubeadmUpgradeApply(HostTarget host, KubeVersion target, Boolean certificateRenewal);

  /** {@code kubeadm upgrade node} on the other control planes and on workers; certificateRenewal as for apply. */
  @ActivityMethod
  StepOutcome kubeadmUpgradeNode(HostTarget host, KubeVersion target, Boolean certificateRenewal);

  /** {@code systemctl daemon-reload && systemctl restart kubelet}, then checks it is active. */
  @ActivityMethod
  StepOutcome restartKubelet(HostTarget host);

  /** {@code etcdctl snapshot save} on a control plane, then {@code etcdutl snapshot status -w json} to verify it. */
  @ActivityMethod
  EtcdSnapshot etcdSnapshot(HostTarget host, String snapshotPath);

  /**
   * The etcd members and their health, read through the local etcd of control plane {@code host} (read-only:
   * {@code etcdctl member list -w json} and {@code etcdctl endpoint health --cluster -w json}). Fails when etcdctl
   * is not installed or the member list cannot be read.
   */
  @ActivityMethod
  List<EtcdMember> etcdMembers(HostTarget host);

  /** {@code kubeadm certs check-expiration -o json}, parsed. */
  @ActivityMethod
  List<CertificateExpiry> checkCertificates(HostTarget host);

  /**
   * Reads what kubeadm and the packages may touch (the kubelet's config.yaml and kubeadm-flags.env, the static pod
   * manifests, containerd's config.toml) and returns their settings, image tags, kubeadm's annotations and secret
   * values left out. Changes nothing.
   */
  @ActivityMethod
  NodeConfigFingerprint fingerprintConfig(HostTarget host);

  /**
   * Copies {@code files} (watched configuration files) to /var/lib/bosun/config-before-upgrade on the host (root only),
   * over any earlier copy: what {@link #restoreConfig} puts back. Nothing leaves the host.
   */
  @ActivityMethod
  StepOutcome backupConfig(HostTarget host, List<String> files);

  /** Puts {@code files} back from the copy {@link #backupConfig} took. Repeating it is harmless. */
  @ActivityMethod
  StepOutcome restoreConfig(HostTarget host, List<String> files);

  /**
   * {@code kubeadm certs renew all} on a control plane: every leaf certificate reissued for a year. Repeating it is
   * harmless (the certificates are reissued again). The running static pods keep the old ones until restarted.
   */
  @ActivityMethod
  StepOutcome renewCertificates(HostTarget host);

  /**
   * Moves the control plane's static pod manifests out of /etc/kubernetes/manifests ({@code out}: the kubelet stops
   * those pods) or back (it starts them again). Only the manifests still to move are moved: a retry is harmless.
   */
  @ActivityMethod
  StepOutcome moveStaticPodManifests(HostTarget host, boolean out);

  /**
   * Which of etcdctl and etcdutl are not installed on {@code host} (read-only: {@code etcdctl version},
   * {@code etcdutl version}; exit 127 = not found). Empty when both are there.
   */
  @ActivityMethod
  List<String> missingEtcdTools(HostTarget host);
}
