package dev.bosun.workflows.model;

import java.util.List;

/**
 * One cluster as the operator describes it (the inventory YAML file). Immutable, validated before
 * anything runs, and safe to carry in workflow payloads: secrets are references (a key file path, an
 * environment variable name), never values.
 *
 * @param backup optional (null when the inventory has no backup section)
 * @param drill optional (null when the inventory has no drill section)
 */
public record Inventory(
    String cluster,
    KubernetesSpec kubernetes,
    SshSpec ssh,
    HypervisorSpec hypervisor,
    List<NodeSpec> nodes,
    UpgradeSpec upgrade,
    BackupSpec backup,
    DrillSpec drill) {

  public Inventory {
    nodes = List.copyOf(nodes);
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
        .orElseThrow(() -> new IllegalArgumentException("no node named '" + name + "' in cluster " + cluster));
  }

  public boolean hasNode(String name) {
    return nodes.stream().anyMatch(n -> n.name().equals(name));
  }

  /** True for a control-plane node of this inventory, false for a worker or an unknown name. */
  public boolean isControlPlane(String name) {
    return hasNode(name) && node(name).isControlPlane();
  }
}
