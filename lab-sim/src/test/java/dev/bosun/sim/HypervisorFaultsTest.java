package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hypervisor faults, from YAML, and SSH refusal on a hypervisor host. */
class HypervisorFaultsTest {

  @TempDir
  Path dir;

  @Test
  void hypervisorFaultsLoadFromYamlAndClear() throws Exception {
    Path yaml = dir.resolve("faults.yaml");
    Files.writeString(
        yaml,
        "faults:\n"
            + "  - { host: utm-host, utmAutomationDenied: true }\n"
            + "  - { host: vagrant-host, failVmCreation: true }\n"
            + "  - { host: hyperv-host, noVmAddress: true }\n"
            + "  - { host: hyperv-host, refuseSsh: true }\n");
    try (LabSim lab = LabSim.start(LabSpec.forInit("lab", 1, 3, "v1.30.6", dir.resolve("lab"))
        .withFaultsYaml(yaml.toString()))) {
      assertThat(lab.run(HypervisorHosts.UTM, "utmctl list").stderr())
          .contains("OSStatus error -1743");
      synchronized (lab.state().lock()) {
        assertThat(lab.state().hypervisors().createFails(HypervisorHosts.VAGRANT))
            .isTrue();
      }
      assertThatThrownBy(() -> new SshExec(lab, HypervisorHosts.HYPERV))
          .isInstanceOf(ConnectException.class);
      lab.faults().clear();
      assertThat(lab.run(HypervisorHosts.UTM, "utmctl list").stderr()).isEmpty();
      try (SshExec win = new SshExec(lab, HypervisorHosts.HYPERV)) {
        assertThat(win.exec("ver").stderr()).startsWith("'ver' is not recognized");
      }
    }
  }
}
