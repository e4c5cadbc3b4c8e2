package dev.bosun.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * @param address fixed address; null for a VM whose address the hypervisor reports ({@code bosun init})
 * @param sshPort optional per-node SSH port (null: the inventory's ssh.port)
 * @param vm the VM Bosun creates for this node ({@code bosun init}); null for an existing machine
 */
public record NodeSpec(String name, NodeRole role, String address, Integer sshPort, VmSpec vm) {

  public NodeSpec(String name, NodeRole role, String address, Integer sshPort) {
    this(name, role, address, sshPort, null);
  }

  /** This node at {@code address} (a VM's address becomes known once the hypervisor reports it). */
  public NodeSpec withAddress(String address) {
    return new NodeSpec(name, role, address, sshPort, vm);
  }

  @JsonIgnore // derived from role; without this Jackson writes it and then refuses to read it back
  public boolean isControlPlane() {
    return role == NodeRole.CONTROL_PLANE;
  }
}
