package dev.bosun.workflows.init;

/**
 * One node of an init, as the report and the live view show it.
 *
 * @param hypervisor the hypervisor's name (null for an existing machine)
 * @param arch amd64 / arm64 as detected on the node (null until known)
 * @param status pending, creating, bootstrapping, joining, ready, failed, skipped, compensated
 * @param adopted the VM existed with this cluster's marker and was taken over
 */
public record InitNodeRow(String node, String role, String hypervisor, String vmName, String arch, String address,
    String version, String status, boolean adopted, long durationMillis, String detail) {}
