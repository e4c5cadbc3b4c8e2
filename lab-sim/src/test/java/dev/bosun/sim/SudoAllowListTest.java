package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's sudo under a sudoers file, over real SSH: what the file allows runs, anything else is refused. */
class SudoAllowListTest {

  static final Path DOCUMENTED = Path.of("..", "deploy", "sudoers.d", "bosun");

  @TempDir
  Path dir;

  @Test
  void testTheDocumentedFileAllowsBosunsCommandsAndRefusesOthers() throws Exception {
    try (LabSim lab =
            LabSim.start(LabSpec.of("lab1", 1, 1, "v1.30.6", dir).withSudoers(DOCUMENTED));
        SshExec ssh = new SshExec(lab, "cp-1")) {
      assertThat(ssh.exec("sudo -n kubeadm certs check-expiration -o json").exit())
          .isZero();
      SshExec.Out shadow = ssh.exec("sudo -n cat /etc/shadow");
      assertThat(shadow.exit()).isEqualTo(1);
      assertThat(shadow.stderr()).isEqualTo("sudo: a password is required\n");
      // without sudo the lab's user runs what it likes; only root is fenced
      assertThat(ssh.exec("hostname").stdout()).isEqualTo("cp-1\n");
    }
  }

  @Test
  void testALineMissingFromTheFileRefusesThatCommand() throws Exception {
    String without =
        Files.readString(DOCUMENTED).replace("    /usr/bin/kubeadm upgrade node, \\\n", "");
    assertThat(without).isNotEqualTo(Files.readString(DOCUMENTED));
    Path file = Files.writeString(dir.resolve("sudoers"), without);
    try (LabSim lab = LabSim.start(
            LabSpec.of("lab1", 1, 1, "v1.30.6", dir.resolve("lab")).withSudoers(file));
        SshExec ssh = new SshExec(lab, "w-1")) {
      SshExec.Out node = ssh.exec("sudo -n kubeadm upgrade node");
      assertThat(node.exit()).isEqualTo(1);
      assertThat(node.stderr()).isEqualTo("sudo: a password is required\n");
      assertThat(ssh.exec("sudo -n kubeadm reset -f").exit()).isZero();
    }
  }
}
