package dev.bosun.workflows.init;

import dev.bosun.workflows.model.Inventory;

/** Build the cluster the inventory describes: its VMs, then kubeadm init and joins. */
public record InitRequest(Inventory inventory) {}
