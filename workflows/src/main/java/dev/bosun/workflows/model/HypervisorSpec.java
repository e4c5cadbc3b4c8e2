package dev.bosun.workflows.model;

/**
 * Where the VMs live. {@code kind} is one of vagrant, hyperv, utm, none.
 *
 * @param host "local" or the address of the machine that runs the hypervisor (reached over SSH)
 * @param provider vagrant only: libvirt, virtualbox, hyperv, vmware_desktop, parallels, utm
 * @param project vagrant only: the directory holding the Vagrantfile
 * @param user hyperv/utm: SSH user on the hypervisor host
 * @param vmSwitch hyperv only: the virtual switch to attach VMs to
 * @param vmPath hyperv: the folder for VM files; utm: unused
 * @param utmctl utm only: path to utmctl (defaults to the UTM.app location)
 */
public record HypervisorSpec(
    String kind,
    String host,
    String provider,
    String project,
    String user,
    String vmSwitch,
    String vmPath,
    String utmctl) {

  public static final String VAGRANT = "vagrant";
  public static final String HYPERV = "hyperv";
  public static final String UTM = "utm";
  public static final String NONE = "none";
}
