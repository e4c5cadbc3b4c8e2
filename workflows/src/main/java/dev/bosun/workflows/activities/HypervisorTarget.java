package dev.bosun.workflows.activities;

import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;

/**
 * Everything a hypervisor activity needs: which cluster owns the VMs (their marker), the hypervisor's settings,
 * and how to reach its host over SSH (null when the hypervisor is the worker's own machine, {@code host: local}).
 *
 * @param name the hypervisor's name in the inventory ({@value Inventory#DEFAULT_HYPERVISOR} for the single one)
 */
public record HypervisorTarget(String cluster, String name, HypervisorSpec spec, HostTarget ssh) {

  public boolean local() {
    return ssh == null;
  }

  /** The hypervisor {@code node}'s VM lives on. */
  public static HypervisorTarget of(Inventory inv, NodeSpec node) {
    return of(inv, Inventory.hypervisorName(node), inv.hypervisorOf(node));
  }

  public static HypervisorTarget of(Inventory inv, String name, HypervisorSpec spec) {
    HostTarget ssh = null;
    if (spec.host() != null && !"local".equals(spec.host())) {
      var s = inv.ssh();
      String user = spec.user() != null ? spec.user() : s.user();
      ssh = new HostTarget(
          inv.cluster(),
          name,
          spec.host(),
          s.port(),
          user,
          s.privateKey(),
          s.knownHosts(),
          s.trustOnFirstUse(),
          s.commandTimeout(),
          s.connectTimeout(),
          s.privateKeyPassphraseEnv());
    }
    return new HypervisorTarget(inv.cluster(), name, spec, ssh);
  }
}
