package dev.bosun.sim;

/** A host of the lab: node name, role (control-plane|worker) and its own loopback address. */
public record SimHost(String name, String role, String address) {

  public boolean isControlPlane() {
    return role.equals("control-plane");
  }
}
