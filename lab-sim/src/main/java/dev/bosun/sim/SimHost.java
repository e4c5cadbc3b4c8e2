package dev.bosun.sim;

/** A host of the lab: node name, role (control-plane|worker|hypervisor) and its own loopback address. */
public record SimHost(String name, String role, String address) {

  public static final String HYPERVISOR = "hypervisor";

  public boolean isHypervisor() {
    return role.equals(HYPERVISOR);
  }

  public boolean isControlPlane() {
    return role.equals("control-plane");
  }
}
