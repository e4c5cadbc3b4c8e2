package dev.bosun.sim.kube;

import dev.bosun.sim.host.Version;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/**
 * The lab's Kubernetes cluster as the host programs change it (a kubelet restart, {@code kubeadm upgrade apply},
 * a join) and as tests and faults read and steer it. Two backends: {@link ClusterStore}, lab-sim's own fast
 * simulation behind its simulated API server ({@code sim}), and {@code RealCluster}, a real kube-apiserver with
 * its controllers, scheduler and kwok ({@code real}). Callers hold the lab's lock; {@code now} is the lab's clock
 * (the real backend keeps time itself and ignores it).
 */
public interface LabCluster {

  // ---- the cluster's version (kubeadm's ClusterConfiguration)
  // -------------------------------------------

  Version clusterVersion();

  /** kubeadm upgrade apply / init: the cluster's version, and kube-proxy's image rolled to it. */
  void clusterVersion(Version version);

  // ---- nodes, as their kubelets report them
  // ---------------------------------------------------------------

  /** A kubelet registered its node: NotReady until {@code readyAt}, then Ready at {@code kubeletVersion}. */
  default void addNode(
      String name,
      String address,
      boolean controlPlane,
      Version kubeletVersion,
      long now,
      long readyAt) {
    addNode(name, address, controlPlane, kubeletVersion, "amd64", now, readyAt);
  }

  /** The same, on a machine of {@code arch} (amd64/arm64): the kubelet's kubernetes.io/arch label and nodeInfo. */
  void addNode(
      String name,
      String address,
      boolean controlPlane,
      Version kubeletVersion,
      String arch,
      long now,
      long readyAt);

  /** kubectl label node NAME key=value --overwrite. */
  void labelNode(String node, String key, String value);

  /** kubectl taint node NAME key[=value]:Effect (a taint with the same key and effect is replaced). */
  void taintNode(String node, String key, String value, String effect);

  /** kubectl delete node NAME: the Node and its mirror pods are gone. Returns whether it existed. */
  boolean deleteNode(String node);

  /** Whether the DaemonSet exists (what kubectl get -f reports for a CNI manifest). */
  boolean hasDaemonSet(String namespace, String name);

  /** The node as the API serves it, or null. */
  Node node(String name);

  List<Node> nodes();

  boolean isReady(String node);

  /** spec.unschedulable, as kubectl cordon/uncordon set it. */
  void setUnschedulable(String node, boolean unschedulable);

  /** The kubelet restarted from a binary of {@code version}: NotReady until {@code readyAt}, then Ready at that version. */
  void kubeletRestarted(String node, Version version, long readyAt);

  void kubeletStopped(String node);

  /** The neverReady fault: after its next restart the node's kubelet never reports Ready. */
  void neverReady(String node, boolean never);

  // ---- static pods (mirror pods of a control plane's manifests)
  // -----------------------------------------

  void syncMirrorPods(String node, Version version, long now);

  void removeMirrorPods(String node);

  // ---- workloads
  // -------------------------------------------------------------------------------------------

  void addDaemonSet(String namespace, String name, String image, long now);

  /** A Deployment of pause pods (an emptyDir volume when asked) whose pods take {@code graceSeconds} to terminate. */
  void addDeployment(
      String namespace, String name, int replicas, boolean emptyDir, long graceSeconds, long now);

  void addPdb(
      String namespace,
      String name,
      String app,
      IntOrString maxUnavailable,
      IntOrString minAvailable,
      long now);

  /** A pod no controller owns (kubectl drain refuses it without --force). */
  Pod addBarePod(String namespace, String name, String node, long now);

  List<Pod> pods();

  /** The pod, or null. */
  Pod pod(String namespace, String name);

  List<Deployment> deployments();

  List<PodDisruptionBudget> pdbs();

  /** The Eviction API's answer for one pod (201, 429 behind a budget, 404). */
  EvictionOutcome evict(String namespace, String name, Long gracePeriodSeconds, long now);

  /** A graceful delete: the pod is gone when its grace period has passed. Returns the pod, or null when absent. */
  Pod deletePod(String namespace, String name, Long gracePeriodSeconds, long now);

  /** Every eviction accepted so far, oldest first. */
  List<Eviction> evictions();

  // ---- faults
  // ----------------------------------------------------------------------------------------------

  /** The blockPdb fault: the budget allows no disruption until unblocked. */
  void blockPdb(String namespace, String name, boolean blocked);

  void clearPdbBlocks();

  // ---- what etcd reports
  // -------------------------------------------------------------------------------------

  /** The store's current revision (etcd's, for snapshot status). */
  String currentResourceVersion();

  /** One pass of whatever the backend drives by time (simulated controllers; node status transitions). */
  void tick(long now);

  static boolean isControlPlane(Node n) {
    return n.getMetadata().getLabels() != null
        && n.getMetadata().getLabels().containsKey(ClusterStore.CONTROL_PLANE_LABEL);
  }

  static boolean isMirror(Pod p) {
    return p.getMetadata().getAnnotations() != null
        && p.getMetadata().getAnnotations().containsKey(ClusterStore.MIRROR_ANNOTATION);
  }
}
