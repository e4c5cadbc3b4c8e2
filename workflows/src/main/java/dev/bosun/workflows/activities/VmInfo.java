package dev.bosun.workflows.activities;

/**
 * A VM as its hypervisor reports it.
 *
 * @param node the Kubernetes node name it was created for
 * @param vmName its name on the hypervisor
 * @param state the hypervisor's own word for its state (running, off, started, not_created...)
 * @param address its IPv4 address once known, else null
 * @param adopted it existed already with this cluster's marker, and was taken over rather than created
 */
public record VmInfo(
    String node, String vmName, String hypervisor, String state, String address, boolean adopted) {}
