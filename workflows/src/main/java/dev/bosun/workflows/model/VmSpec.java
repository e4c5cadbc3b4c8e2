package dev.bosun.workflows.model;

/**
 * The VM a node runs on, when Bosun creates it ({@code bosun init}). A node without one is an existing machine.
 *
 * @param hypervisor the name of an entry of the inventory's {@code hypervisors} (null: the single {@code hypervisor})
 * @param image what the VM is made from: a Vagrant box, a Hyper-V template VHDX path, a UTM VM to clone
 * @param cpus virtual CPUs
 * @param memoryMiB memory in MiB
 * @param diskGiB disk size in GiB (Hyper-V and Vagrant/libvirt resize; UTM keeps the image's)
 * @param arch amd64 or arm64; null: detected on the VM ({@code uname -m}) and reported
 */
public record VmSpec(
    String hypervisor, String image, int cpus, int memoryMiB, int diskGiB, String arch) {

  public static final String AMD64 = "amd64";
  public static final String ARM64 = "arm64";
}
