package dev.bosun.workflows.model;

/**
 * @param sshPort optional per-node SSH port (null: the inventory's ssh.port)
 */
public record NodeSpec(String name, NodeRole role, String address, Integer sshPort) {

  public boolean isControlPlane() {
    return role == NodeRole.CONTROL_PLANE;
  }
}
