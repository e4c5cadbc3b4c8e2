package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.VmSpec;
import dev.bosun.workflows.rules.Syntax;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code nodes} list: names, roles, addresses (or the VMs to create), and the control-plane count. */
final class NodesSection {

  static final Set<String> NODE = keys("name", "role", "address", "sshPort", "vm");

  private NodesSection() {}

  /** @param single the single hypervisor section, {@code named} the hypervisors mapping: where {@code vm}s may live */
  static List<NodeSpec> read(
      Section top, HypervisorSpec single, Map<String, HypervisorSpec> named) {
    List<Section> items = top.objects("nodes", true, NODE);
    if (top.has("nodes")
        && items.isEmpty()
        && top.raw("nodes") != null
        && top.raw("nodes").isArray()) {
      top.error("nodes", null, "is empty: list at least one control-plane node");
    }
    List<NodeSpec> nodes = new ArrayList<>();
    Map<String, String> seenNames = new HashMap<>();
    Map<String, String> seenEndpoints = new HashMap<>();
    for (Section n : items) {
      String name = n.string("name", n.present());
      if (name != null) {
        if (!Syntax.isLabel(name)) {
          n.error("name", name, "is not a valid node name: " + Syntax.LABEL_RULE);
        } else if (seenNames.containsKey(name)) {
          n.error(
              "name",
              name,
              "is a duplicate node name: " + seenNames.get(name)
                  + " has it already; node names must be unique");
        } else {
          seenNames.put(name, n.path());
        }
      }
      String roleText = n.string("role", n.present());
      NodeRole role = null;
      if (roleText != null) {
        try {
          role = NodeRole.fromLabel(roleText);
        } catch (IllegalArgumentException e) {
          n.error("role", roleText, "is not a valid role: must be control-plane or worker");
        }
      }
      // a VM's address may be left to the hypervisor (DHCP): bosun init discovers it
      VmSpec vm = VmSection.read(n.object("vm", false, VmSection.VM), single, named);
      String address = n.string("address", n.present() && vm == null);
      if (address != null && !Syntax.isAddress(address)) {
        n.error("address", address, "is not a valid address: " + Syntax.ADDRESS_RULE);
      }
      Integer sshPort = n.has("sshPort") ? n.port("sshPort", null) : null;
      if (address != null && Syntax.isAddress(address)) {
        String endpoint = address + ":" + (sshPort == null ? "default" : sshPort);
        String other = seenEndpoints.putIfAbsent(endpoint, n.path());
        if (other != null) {
          n.error(
              "address",
              address,
              "is the same SSH endpoint as " + other
                  + ": give each node its own address (or sshPort)");
        }
      }
      nodes.add(new NodeSpec(name, role, address, sshPort, vm));
    }
    if (!items.isEmpty()) {
      long controlPlanes =
          nodes.stream().filter(x -> x.role() == NodeRole.CONTROL_PLANE).count();
      boolean rolesKnown = nodes.stream().allMatch(x -> x.role() != null);
      if (controlPlanes == 0 && rolesKnown) {
        top.error(
            "nodes",
            null,
            "has no control-plane node: at least one node needs role: control-plane");
      } else if (controlPlanes > 0 && controlPlanes % 2 == 0) {
        top.warning(
            "nodes",
            null,
            controlPlanes
                + " control planes: etcd needs a majority, so an even count tolerates no more failures than one fewer; prefer 1, 3 or 5");
      }
    }
    return nodes;
  }
}
