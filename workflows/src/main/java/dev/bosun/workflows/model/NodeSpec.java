package dev.bosun.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * @param sshPort optional per-node SSH port (null: the inventory's ssh.port)
 */
public record NodeSpec(String name, NodeRole role, String address, Integer sshPort) {

  @JsonIgnore // derived from role; without this Jackson writes it and then refuses to read it back
  public boolean isControlPlane() {
    return role == NodeRole.CONTROL_PLANE;
  }
}
