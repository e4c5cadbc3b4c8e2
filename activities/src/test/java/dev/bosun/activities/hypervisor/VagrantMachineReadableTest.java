package dev.bosun.activities.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.hypervisor.VagrantMachineReadable.ErrorExit;
import dev.bosun.activities.hypervisor.VagrantMachineReadable.Line;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vagrant's machine-readable format, from the shapes lib/vagrant/ui.rb and bin/vagrant print. */
class VagrantMachineReadableTest {

  static final String STATUS = """
      1583408799,default,metadata,provider,virtualbox
      1583408799,default,provider-name,virtualbox
      1583408799,default,state,running
      1583408799,default,state-human-short,running
      1583408799,default,state-human-long,The VM is running. To stop this VM%!(VAGRANT_COMMA) you can run `vagrant halt` to\\nshut it down forcefully...
      1583408799,,ui,info,Current machine states:\\n\\ndefault                   running (virtualbox)...
      """;

  @Test
  void splitsOnTheFirstThreeCommasAndUnescapesTheData() {
    List<Line> lines = VagrantMachineReadable.parse(STATUS);
    assertEquals(6, lines.size());
    Line longState = lines.get(4);
    assertEquals("default", longState.target());
    assertEquals("state-human-long", longState.type());
    assertEquals(
        List.of(
            "The VM is running. To stop this VM, you can run `vagrant halt` to\nshut it down forcefully..."),
        longState.data());
    assertEquals("", lines.get(5).target());
    assertEquals(
        List.of(
            "info", "Current machine states:\n\ndefault                   running (virtualbox)..."),
        lines.get(5).data());
    assertEquals(Map.of("default", "running"), VagrantMachineReadable.states(lines));
    assertNull(VagrantMachineReadable.errorExit(lines));
  }

  @Test
  void errorExitCarriesTheClassAndTheMessageWithItsCommas() {
    List<Line> lines = VagrantMachineReadable.parse("""
        1733530000,lab-w-1,action,up,start
        1733530000,,error-exit,Vagrant::Errors::VBoxManageError,There was an error while executing `VBoxManage`%!(VAGRANT_COMMA) a CLI used by Vagrant\\nfor controlling VirtualBox.
        """);
    ErrorExit e = VagrantMachineReadable.errorExit(lines);
    assertEquals("Vagrant::Errors::VBoxManageError", e.errorClass());
    assertEquals(
        "There was an error while executing `VBoxManage`, a CLI used by Vagrant\nfor controlling VirtualBox.",
        e.message());
  }

  @Test
  void destroyWithoutForceIsUiExpectsTty() {
    ErrorExit e = VagrantMachineReadable.errorExit(
        VagrantMachineReadable.parse(
            "1733530000,,error-exit,Vagrant::Errors::UIExpectsTTY,Vagrant is attempting to interface with the UI in a way that requires a TTY."
                + " Most actions in Vagrant that require a TTY have configuration switches to disable this requirement.\n"));
    assertEquals("Vagrant::Errors::UIExpectsTTY", e.errorClass());
    assertTrue(e.message().startsWith("Vagrant is attempting"));
  }

  @Test
  void sshConfigIsOneRecordWithEscapedNewlines() {
    List<Line> lines = VagrantMachineReadable.parse(
        "1733530000,lab-cp-1,ssh-config,Host lab-cp-1\\n  HostName 192.168.121.37\\n  User vagrant\\n  Port 22\\n"
            + "  IdentityFile \"/home/me/my keys/private_key\"\\n  IdentitiesOnly yes\\n\n");
    assertEquals("192.168.121.37", VagrantMachineReadable.hostName(lines));
    assertNull(
        VagrantMachineReadable.hostName(VagrantMachineReadable.parse("1,x,ui,info,nothing\n")));
  }

  @Test
  void snapshotListNamesComeFromDetailLines() {
    assertEquals(
        List.of("pre-init", "after-cni"),
        VagrantMachineReadable.snapshots(VagrantMachineReadable.parse(
            "1,lab-w-1,ui,detail,pre-init\n1,lab-w-1,ui,detail,after-cni\n")));
    assertEquals(
        List.of(),
        VagrantMachineReadable.snapshots(VagrantMachineReadable.parse(
            "1,lab-w-1,ui,output,==> lab-w-1: No snapshots have been taken yet!\n")));
  }

  @Test
  void strayPluginLinesAreNotRecords() {
    List<Line> lines = VagrantMachineReadable.parse(
        "Installing the 'vagrant-libvirt' plugin...\r\n1,lab-w-1,state,running\r\n");
    assertEquals(1, lines.size());
    assertEquals("running", lines.get(0).first());
  }
}
