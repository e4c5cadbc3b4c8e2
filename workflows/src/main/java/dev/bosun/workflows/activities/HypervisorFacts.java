package dev.bosun.workflows.activities;

/**
 * What a hypervisor host is, read before anything is created.
 *
 * @param toolVersion vagrant / Hyper-V module / utmctl version
 * @param clientHyperV Hyper-V on a client Windows (10/11 Pro) rather than Windows Server
 * @param switchType Hyper-V: the named switch's type (External, Internal, Private), null elsewhere
 * @param defaultSwitch Hyper-V: the named switch is the NAT'd "Default Switch"
 * @param snapshots whether VM snapshots work on this hypervisor/provider (and why not, in {@code snapshotNote})
 */
public record HypervisorFacts(
    String name,
    String kind,
    String toolVersion,
    boolean clientHyperV,
    String switchType,
    boolean defaultSwitch,
    boolean snapshots,
    String snapshotNote) {}
