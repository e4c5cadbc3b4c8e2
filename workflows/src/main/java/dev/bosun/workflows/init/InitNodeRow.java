package dev.bosun.workflows.init;

/**
 * One node of an init, as the report and the live view show it.
 *
 * @param hypervisor the hypervisor's name (null for an existing machine)
 * @param arch amd64 / arm64 as detected on the node (null until known)
 * @param status pending, creating, bootstrapping, initialising (the first control plane: kubeadm init, CNI),
 *     joining, joined, ready, failed (also while waiting for the operator), skipped (by the operator, and undone),
 *     compensating, compensated (undone by an abort), stopped (in flight when the init aborted, nothing of it to undo:
 *     e.g. an adopted VM)
 * @param version the kubelet version the node reported once Ready (null before)
 * @param durationMillis from the node's first step to its latest change
 * @param detail the step running or failed ("create-vm", "kubeadm-join: …"), or a note
 * @param adopted the VM existed with this cluster's marker and was taken over
 */
public record InitNodeRow(
    String node,
    String role,
    String hypervisor,
    String vmName,
    String arch,
    String address,
    String version,
    String status,
    boolean adopted,
    long durationMillis,
    String detail) {}
