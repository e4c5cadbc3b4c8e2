package dev.bosun.activities.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.activities.VmRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class VagrantfileTest {

  static final VmRequest CP = new VmRequest("cp-1", "bento/ubuntu-22.04", 2, 2048, 20, null, null);
  static final VmRequest W = new VmRequest("w-1", "bento/ubuntu-22.04", 4, 4096, 40, "amd64", null);

  @Test
  void rendersTheMarkerAndOneDefinePerNodeSortedByNode() {
    String text = Vagrantfile.render("lab1", "libvirt", List.of(W, CP));
    assertTrue(text.startsWith("# bosun:cluster=lab1\n"), text);
    assertTrue(
        text.indexOf("config.vm.define \"lab1-cp-1\"")
            < text.indexOf("config.vm.define \"lab1-w-1\""),
        text);
    assertTrue(
        text.contains(
            "    m.vm.box = \"bento/ubuntu-22.04\"\n    m.vm.hostname = \"w-1\"\n    m.vm.provider :libvirt do |p|\n"
                + "      p.cpus = 4\n      p.memory = 4096\n      p.machine_virtual_size = 40\n"),
        text);
    assertEquals(
        text,
        Vagrantfile.render("lab1", "libvirt", List.of(CP, W)),
        "the same set renders the same file");
  }

  @Test
  void readsBackItsOwnRequests() {
    Vagrantfile.Parsed p =
        Vagrantfile.parse(Vagrantfile.render("lab1", "virtualbox", List.of(CP, W)));
    assertEquals("lab1", p.cluster());
    assertEquals(CP, p.vms().get("cp-1"));
    assertEquals(W, p.vms().get("w-1"));
    assertTrue(
        !Vagrantfile.render("lab1", "virtualbox", List.of(W)).contains("machine_virtual_size"),
        "only libvirt resizes");
  }

  @Test
  void aHandWrittenVagrantfileHasNoMarker() {
    assertNull(
        Vagrantfile.parse("Vagrant.configure(\"2\") do |config|\n  config.vm.box = \"x/y\"\nend\n")
            .cluster());
  }

  @Test
  void refusesABoxThatIsNotABoxName() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Vagrantfile.render(
            "lab1",
            "libvirt",
            List.of(new VmRequest("w-1", "x\"; system('rm -rf /') #", 1, 512, 0, null, null))));
    assertThrows(
        IllegalArgumentException.class, () -> Vagrantfile.render("lab1", "lib virt", List.of(CP)));
  }
}
