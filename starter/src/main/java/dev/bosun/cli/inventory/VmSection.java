package dev.bosun.cli.inventory;

import static dev.bosun.cli.inventory.Section.keys;

import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.VmSpec;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node's {@code vm} mapping: the VM {@code bosun init} creates for it, and on which hypervisor. */
final class VmSection {

  static final Set<String> VM = keys("hypervisor", "image", "cpus", "memory", "disk", "arch");
  private static final Pattern QUANTITY = Pattern.compile("(\\d{1,7})\\s*(MiB|Mi|GiB|Gi|MB|GB)");
  /** A box name, a UTM VM name, or a Windows/POSIX path to a template disk: no quotes or shell characters. */
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._/:\\\\-]{0,199}");

  private VmSection() {}

  /**
   * @param single the single {@code hypervisor} section (kind none when absent)
   * @param named the {@code hypervisors} mapping
   */
  static VmSpec read(Section v, HypervisorSpec single, Map<String, HypervisorSpec> named) {
    if (!v.present()) {
      return null;
    }
    String hypervisor = v.string("hypervisor", false);
    HypervisorSpec spec;
    if (hypervisor == null) {
      spec = single;
      if (!named.isEmpty()) {
        v.error(
            "hypervisor",
            null,
            "is required: the inventory names several hypervisors ("
                + String.join(", ", named.keySet()) + ")");
      } else if (HypervisorSpec.NONE.equals(single.kind())) {
        v.error(
            "hypervisor",
            null,
            "is required: a VM needs a hypervisor; add a hypervisor section (or hypervisors) to the inventory");
      }
    } else {
      spec = named.get(hypervisor);
      if (spec == null) {
        v.error(
            "hypervisor",
            hypervisor,
            "names no hypervisor: must be one of the keys of hypervisors"
                + (named.isEmpty()
                    ? " (the inventory has none)"
                    : " (" + String.join(", ", named.keySet()) + ")"));
      }
    }
    String image = v.string("image", true);
    if (image != null && !IMAGE.matcher(image).matches()) {
      v.error(
          "image",
          image,
          "is not a valid image: a box or VM name, or a path to a template disk, with no quotes or shell characters");
    }
    Long cpus = v.integer("cpus", false);
    if (cpus != null && (cpus < 1 || cpus > 64)) {
      v.error("cpus", String.valueOf(cpus), "is out of range: must be 1-64");
    }
    Integer memory = quantity(v, "memory", 2048, 256, 1 << 20);
    Integer disk = quantity(v, "disk", 20 * 1024, 4 * 1024, 4 << 20);
    String arch = v.string("arch", false);
    if (arch != null && !arch.equals(VmSpec.AMD64) && !arch.equals(VmSpec.ARM64)) {
      v.error("arch", arch, "is not a supported architecture: must be amd64 or arm64");
    } else if (VmSpec.ARM64.equals(arch)
        && spec != null
        && HypervisorSpec.HYPERV.equals(spec.kind())) {
      v.error(
          "arch",
          arch,
          "is not available on Hyper-V: its VMs are amd64; put arm64 nodes on UTM (Apple Silicon)");
    }
    return new VmSpec(
        hypervisor,
        image,
        cpus == null ? 2 : cpus.intValue(),
        memory == null ? 2048 : memory,
        disk == null ? 20 : Math.max(1, disk / 1024),
        arch);
  }

  /** A size with its unit (2GiB, 512MiB) in MiB, or {@code fallback} when absent; null after an error. */
  private static Integer quantity(Section v, String key, int fallback, int minMiB, int maxMiB) {
    String text = v.string(key, false);
    if (text == null) {
      return fallback;
    }
    Matcher m = QUANTITY.matcher(text.trim());
    if (!m.matches()) {
      v.error(key, text, "is not a valid size: a number and a unit, e.g. 2GiB or 512MiB");
      return null;
    }
    long n = Long.parseLong(m.group(1));
    long mib = m.group(2).startsWith("G") ? n * 1024 : n;
    if (mib < minMiB || mib > maxMiB) {
      v.error(
          key,
          text,
          "is out of range: must be between " + minMiB + "MiB and " + (maxMiB / 1024) + "GiB");
      return null;
    }
    return (int) mib;
  }
}
