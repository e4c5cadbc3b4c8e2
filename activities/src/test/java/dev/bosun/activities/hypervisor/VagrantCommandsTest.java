package dev.bosun.activities.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VagrantCommandsTest {

  static final String P = "/home/bosun/labs/lab1";

  @Test
  void everyCommandRunsInTheProjectMachineReadable() {
    assertEquals(
        "cd '/home/bosun/labs/lab1' && vagrant up lab1-cp-1 --provider=libvirt --machine-readable",
        VagrantCommands.up(P, "lab1-cp-1", "libvirt"));
    assertEquals(
        "cd '/home/bosun/labs/lab1' && vagrant status --machine-readable",
        VagrantCommands.status(P));
    assertEquals(
        "cd '/home/bosun/labs/lab1' && vagrant ssh-config lab1-cp-1 --machine-readable",
        VagrantCommands.sshConfig(P, "lab1-cp-1"));
    assertEquals(
        "cd '/home/bosun/labs/lab1' && vagrant snapshot save lab1-cp-1 pre-init --machine-readable",
        VagrantCommands.snapshot(P, "save", "lab1-cp-1", "pre-init"));
    assertEquals(
        "cd '/home/bosun/labs/lab1' && vagrant destroy -f lab1-cp-1 --machine-readable",
        VagrantCommands.destroy(P, "lab1-cp-1"));
    assertEquals(
        "mkdir -p '/home/bosun/labs/lab1' && tee '/home/bosun/labs/lab1/Vagrantfile' > /dev/null",
        VagrantCommands.writeVagrantfile(P));
    assertEquals(
        "cd ~/'labs/lab1' && vagrant status --machine-readable",
        VagrantCommands.status("~/labs/lab1"));
  }

  @Test
  void refusesProjectsAndProvidersThatCouldBreakTheLine() {
    assertThrows(IllegalArgumentException.class, () -> VagrantCommands.status("labs; rm -rf /"));
    assertThrows(
        IllegalArgumentException.class, () -> VagrantCommands.up(P, "x", "libvirt && reboot"));
    assertThrows(
        IllegalArgumentException.class, () -> VagrantCommands.snapshot(P, "push", "x", "s"));
  }
}
