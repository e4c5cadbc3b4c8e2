package dev.bosun.workflows.activities;

/**
 * One VM to create. Its name on the hypervisor is {@code <cluster>-<node>} and it carries Bosun's marker
 * (Vagrant: the per-cluster project; Hyper-V: the VM's Notes; UTM: the name prefix and the VM's notes).
 *
 * @param node the Kubernetes node name
 * @param arch amd64, arm64, or null to take the image's
 * @param fixedAddress the node's address from the inventory, or null to discover it
 */
public record VmRequest(
    String node,
    String image,
    int cpus,
    int memoryMiB,
    int diskGiB,
    String arch,
    String fixedAddress) {

  /** The VM's name on its hypervisor: {@code <cluster>-<node>} (both RFC 1123 labels, safe in every tool's syntax). */
  public static String vmName(String cluster, String node) {
    return cluster + "-" + node;
  }
}
