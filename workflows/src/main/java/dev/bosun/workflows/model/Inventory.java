package dev.bosun.workflows.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster as the operator describes it (the inventory YAML file). Immutable, validated before
 * anything runs, and safe to carry in workflow payloads: secrets are references (a key file path, an
 * environment variable name), never values.
 *
 * @param backup optional (null when the inventory has no backup section)
 * @param drill optional (null when the inventory has no drill section)
 * @param hypervisors named hypervisors for a cluster whose VMs live on several (a node's {@code vm.hypervisor});
 *     empty when every VM lives on {@code hypervisor}
 * @param init how {@code bosun init} builds the cluster (defaults when the inventory has no init section)
 */
public record Inventory(
    String cluster,
    KubernetesSpec kubernetes,
    SshSpec ssh,
    HypervisorSpec hypervisor,
    List<NodeSpec> nodes,
    UpgradeSpec upgrade,
    BackupSpec backup,
    DrillSpec drill,
    Map<String, HypervisorSpec> hypervisors,
    InitSpec init) {

  public Inventory {
    nodes = List.copyOf(nodes);
    hypervisors = hypervisors == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(hypervisors));
    init = init == null ? InitSpec.defaults() : init;
  }

  public Inventory(
      String cluster,
      KubernetesSpec kubernetes,
      SshSpec ssh,
      HypervisorSpec hypervisor,
      List<NodeSpec> nodes,
      UpgradeSpec upgrade,
      BackupSpec backup,
      DrillSpec drill) {
    this(cluster, kubernetes, ssh, hypervisor, nodes, upgrade, backup, drill, Map.of(), null);
  }

  /** The name the single {@code hypervisor} section goes by in reports and VM references. */
  public static final String DEFAULT_HYPERVISOR = "default";

  /** Where {@code node}'s VM lives: its named hypervisor, or the single one. */
  public HypervisorSpec hypervisorOf(NodeSpec node) {
    String name = hypervisorName(node);
    return DEFAULT_HYPERVISOR.equals(name) && !hypervisors.containsKey(name)
        ? hypervisor
        : hypervisors.get(name);
  }

  /** The name of {@code node}'s hypervisor ({@value #DEFAULT_HYPERVISOR} for the single one). */
  public static String hypervisorName(NodeSpec node) {
    return node.vm() == null || node.vm().hypervisor() == null
        ? DEFAULT_HYPERVISOR
        : node.vm().hypervisor();
  }

  /** This inventory with {@code node} replacing the node of the same name (a VM's discovered address). */
  public Inventory withNode(NodeSpec node) {
    List<NodeSpec> replaced =
        nodes.stream().map(n -> n.name().equals(node.name()) ? node : n).toList();
    return new Inventory(
        cluster, kubernetes, ssh, hypervisor, replaced, upgrade, backup, drill, hypervisors, init);
  }

  /** This inventory with another init section. */
  public Inventory withInit(InitSpec init) {
    return new Inventory(
        cluster, kubernetes, ssh, hypervisor, nodes, upgrade, backup, drill, hypervisors, init);
  }

  /** This inventory with another backup section. */
  public Inventory withBackup(BackupSpec backup) {
    return new Inventory(
        cluster, kubernetes, ssh, hypervisor, nodes, upgrade, backup, drill, hypervisors, init);
  }

  /** The nodes Bosun creates VMs for. */
  public List<NodeSpec> vmNodes() {
    return nodes.stream().filter(n -> n.vm() != null).toList();
  }

  public List<NodeSpec> controlPlanes() {
    return nodes.stream().filter(n -> n.role() == NodeRole.CONTROL_PLANE).toList();
  }

  public List<NodeSpec> workers() {
    return nodes.stream().filter(n -> n.role() == NodeRole.WORKER).toList();
  }

  /** The control plane that runs {@code kubeadm upgrade apply} and serves admin.conf: the first listed. */
  public NodeSpec firstControlPlane() {
    return controlPlanes().get(0);
  }

  public NodeSpec node(String name) {
    return nodes.stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(() ->
            new IllegalArgumentException("no node named '" + name + "' in cluster " + cluster));
  }

  public boolean hasNode(String name) {
    return nodes.stream().anyMatch(n -> n.name().equals(name));
  }

  /** True for a control-plane node of this inventory, false for a worker or an unknown name. */
  public boolean isControlPlane(String name) {
    return hasNode(name) && node(name).isControlPlane();
  }
}
