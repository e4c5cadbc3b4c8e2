package dev.bosun.sim.kube;

import dev.bosun.sim.host.Version;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The lab's objects as both backends create them — one definition, so that the simulated and the real API
 * serve the same nodes, workloads and mirror pods (the contract tests compare them).
 */
public final class LabObjects {

  public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
  public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
  public static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.9";
  public static final String ETCD_IMAGE = "registry.k8s.io/etcd:3.5.15-0";
  public static final List<String> STATIC_PODS =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");
  /** kwok manages (plays the kubelet for) the nodes that carry this annotation. */
  public static final String KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";

  private LabObjects() {}

  /** A node as kubeadm's kubelet registers it: labels, a control plane's taint, node info, capacity, addresses (no conditions). */
  public static Node node(
      String name, String address, boolean controlPlane, Version kubelet, int index) {
    return node(name, address, controlPlane, kubelet, "amd64", index);
  }

  /** A kubelet's Node on a machine of {@code arch}: the arch labels and nodeInfo.architecture as the kubelet sets them. */
  public static Node node(
      String name, String address, boolean controlPlane, Version kubelet, String arch, int index) {
    Node node = new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("kubernetes.io/hostname", name)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", arch)
        .addToLabels("beta.kubernetes.io/os", "linux")
        .addToLabels("beta.kubernetes.io/arch", arch)
        .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
        .addToAnnotations(
            "kubeadm.alpha.kubernetes.io/cri-socket", "unix:///var/run/containerd/containerd.sock")
        .endMetadata()
        .withNewSpec()
        .withPodCIDR("10.244." + index % 256 + ".0/24")
        .endSpec()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(address)
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name)
        .endAddress()
        .withNewNodeInfo()
        .withKubeletVersion(kubelet.toString())
        .withKubeProxyVersion(kubelet.toString())
        .withOsImage("Ubuntu 22.04.4 LTS")
        .withOperatingSystem("linux")
        .withArchitecture(arch)
        .withKernelVersion("5.15.0-119-generic")
        .withContainerRuntimeVersion("containerd://1.7.12")
        .withMachineID(UUID.nameUUIDFromBytes(name.getBytes()).toString().replace("-", ""))
        .withSystemUUID(UUID.nameUUIDFromBytes(address.getBytes()).toString())
        .withBootID(UUID.randomUUID().toString())
        .endNodeInfo()
        .addToCapacity("cpu", new Quantity("2"))
        .addToCapacity("memory", new Quantity("4015788Ki"))
        .addToCapacity("pods", new Quantity("250"))
        .addToAllocatable("cpu", new Quantity("2"))
        .addToAllocatable("memory", new Quantity("3913388Ki"))
        .addToAllocatable("pods", new Quantity("250"))
        .endStatus()
        .build();
    if (controlPlane) {
      node.getMetadata().getLabels().put(CONTROL_PLANE_LABEL, "");
      node.getMetadata()
          .getLabels()
          .put("node.kubernetes.io/exclude-from-external-load-balancers", "");
      node.getSpec()
          .setTaints(List.of(new TaintBuilder()
              .withKey(CONTROL_PLANE_LABEL)
              .withEffect("NoSchedule")
              .build()));
    }
    return node;
  }

  /** A registering kubelet's conditions: no pressure, and not Ready yet ("container runtime network not ready"). */
  public static List<NodeCondition> registeringConditions(long now) {
    List<NodeCondition> conditions = new ArrayList<>();
    conditions.add(condition(
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
        now));
    conditions.add(condition(
        "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now));
    conditions.add(condition(
        "PIDPressure",
        "False",
        "KubeletHasSufficientPID",
        "kubelet has sufficient PID available",
        now));
    conditions.add(
        condition("Ready", "False", "KubeletNotReady", "container runtime network not ready", now));
    return conditions;
  }

  public static NodeCondition condition(
      String type, String status, String reason, String message, long now) {
    NodeCondition c = new NodeCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setLastHeartbeatTime(KubeObjects.timestamp(now));
    c.setLastTransitionTime(KubeObjects.timestamp(now));
    return c;
  }

  public static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  public static ConfigMap configMap(String namespace, String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToData(data)
        .build();
  }

  /**
   * A Deployment of pause pods labelled app=NAME, with Kubernetes' default grace period: the workload a backup
   * carries and a restore must bring back (the Velero tests' and the drill demo's).
   */
  public static Deployment deployment(String namespace, String name, int replicas) {
    return deployment(namespace, name, replicas, false, 30);
  }

  /** A Deployment of pause pods labelled app=NAME; an emptyDir volume when asked (drain's --delete-emptydir-data). */
  public static Deployment deployment(
      String namespace, String name, int replicas, boolean emptyDir, long graceSeconds) {
    Map<String, String> labels = Map.of("app", name);
    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withContainers(
            new ContainerBuilder().withName(name).withImage(PAUSE_IMAGE).build())
        .withTerminationGracePeriodSeconds(graceSeconds)
        .endSpec()
        .build();
    if (emptyDir) {
      template
          .getSpec()
          .setVolumes(List.of(new VolumeBuilder()
              .withName("cache")
              .withNewEmptyDir()
              .endEmptyDir()
              .build()));
    }
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withSelector(new LabelSelectorBuilder().withMatchLabels(labels).build())
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /** A DaemonSet (kube-proxy) whose pods run on every node, control planes included. */
  public static DaemonSet daemonSet(String namespace, String name, String image) {
    Map<String, String> labels = Map.of("k8s-app", name);
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withSelector(new LabelSelectorBuilder().withMatchLabels(labels).build())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName(name).withImage(image).build())
        .withTolerations(new TolerationBuilder().withOperator("Exists").build())
        .withTerminationGracePeriodSeconds(1L)
        .withPriorityClassName("system-node-critical")
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  public static PodDisruptionBudget pdb(
      String namespace,
      String name,
      String app,
      IntOrString maxUnavailable,
      IntOrString minAvailable) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withSelector(
            new LabelSelectorBuilder().withMatchLabels(Map.of("app", app)).build())
        .withMaxUnavailable(maxUnavailable)
        .withMinAvailable(minAvailable)
        .endSpec()
        .build();
  }

  /** A pod no controller owns, bound to {@code node}. */
  public static Pod barePod(String namespace, String name, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels("run", name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withContainers(
            new ContainerBuilder().withName(name).withImage(PAUSE_IMAGE).build())
        .withTerminationGracePeriodSeconds(1L)
        .withRestartPolicy("Always")
        .endSpec()
        .build();
  }

  /** The image a control plane's static pod of {@code component} runs at {@code version}. */
  public static String staticPodImage(String component, Version version) {
    return component.equals("etcd") ? ETCD_IMAGE : "registry.k8s.io/" + component + ":" + version;
  }

  /** The mirror pod the kubelet of {@code node} creates for one static pod (owned by the Node). */
  public static Pod mirrorPod(String node, String nodeUid, String component, Version version) {
    String image = staticPodImage(component, version);
    String name = component + "-" + node;
    Pod p = new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("kube-system")
        .addToLabels("component", component)
        .addToLabels("tier", "control-plane")
        .addToAnnotations(MIRROR_ANNOTATION, configHash(name + image))
        .addToAnnotations("kubernetes.io/config.hash", configHash(name + image))
        .addToAnnotations("kubernetes.io/config.source", "file")
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withHostNetwork(true)
        .withPriorityClassName("system-node-critical")
        .withContainers(
            new ContainerBuilder().withName(component).withImage(image).build())
        // kubeadm's static pod manifests tolerate every NoExecute taint: a NotReady node keeps its
        // control plane
        .withTolerations(new TolerationBuilder()
            .withOperator("Exists")
            .withEffect("NoExecute")
            .build())
        .withTerminationGracePeriodSeconds(30L)
        .withRestartPolicy("Always")
        .endSpec()
        .build();
    if (nodeUid != null) {
      p.getMetadata()
          .setOwnerReferences(List.of(new OwnerReferenceBuilder()
              .withApiVersion("v1")
              .withKind("Node")
              .withName(node)
              .withUid(nodeUid)
              .withController(true)
              .build()));
    }
    return p;
  }

  /** The kubelet's hash of a static pod's manifest (here: of its name and image). */
  public static String configHash(String s) {
    return String.format("%032x", new java.math.BigInteger(1, s.getBytes())).substring(0, 32);
  }
}

final class NodeEdits {

  private NodeEdits() {}

  /** kubectl taint's rule: one taint per key and effect; a new value replaces the old. */
  static List<io.fabric8.kubernetes.api.model.Taint> withTaint(
      List<io.fabric8.kubernetes.api.model.Taint> taints, String key, String value, String effect) {
    List<io.fabric8.kubernetes.api.model.Taint> out =
        new java.util.ArrayList<>(taints == null ? List.of() : taints);
    out.removeIf(t -> t.getKey().equals(key) && t.getEffect().equals(effect));
    out.add(new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build());
    return out;
  }
}
