package dev.bosun.workflows.init;

import dev.bosun.workflows.model.Inventory;

/** Destroy the cluster's VMs: only those that carry its marker, on every hypervisor the inventory names. */
public record DestroyRequest(Inventory inventory) {}
