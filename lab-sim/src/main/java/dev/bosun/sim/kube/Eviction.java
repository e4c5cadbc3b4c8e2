package dev.bosun.sim.kube;

/**
 * One pod the eviction subresource accepted: from which node, behind which PodDisruptionBudget (null for
 * none), its termination grace and when. Kept so a benchmark can tell the physical limit a PDB imposes on
 * a drain from what the drainer added.
 */
public record Eviction(
    String namespace, String pod, String node, String pdb, long graceMillis, long atMillis) {}
