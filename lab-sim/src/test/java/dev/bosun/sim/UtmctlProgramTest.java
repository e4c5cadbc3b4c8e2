package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.hypervisor.Utmctl;
import dev.bosun.sim.shell.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** utmctl on utm-host: its list table, silence on success, "Virtual machine not found", Apple Event errors on exit 0. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UtmctlProgramTest {

  static final String UTMCTL = Utmctl.PATH;

  @TempDir
  static Path dir;

  LabSim lab;

  @BeforeAll
  void start() throws Exception {
    lab = LabSim.start(LabSpec.forInit("lab", 1, 3, "v1.30.6", dir));
  }

  @AfterAll
  void stop() {
    lab.close();
  }

  @AfterEach
  void clear() {
    lab.faults().clear();
  }

  @Test
  void cloneStartAddressStopDeleteOverSsh() throws Exception {
    try (SshExec mac = new SshExec(lab, HypervisorHosts.UTM)) {
      assertThat(mac.exec(UTMCTL + " list").stdout())
          .matches(
              "UUID                                 Status   Name\n[0-9A-F-]{36} stopped  ubuntu-22\\.04-arm64\n");
      assertThat(mac.exec(UTMCTL + " clone ubuntu-22.04-arm64 --name lab-w-3"))
          .isEqualTo(new SshExec.Out(0, "", ""));
      assertThat(mac.exec("utmctl status lab-w-3").stdout()).isEqualTo("stopped\n");
      assertThat(mac.exec("utmctl start lab-w-3").stdout()).isEmpty();
      assertThat(mac.exec("utmctl list").stdout())
          .containsPattern("[0-9A-F-]{36} started  lab-w-3\n");
      String address = lab.state().host("w-3").address();
      assertThat(lab.state().host("w-3").arch()).isEqualTo("arm64");
      assertThat(mac.exec("utmctl ip-address lab-w-3").stdout()).startsWith(address + "\nfe80::");
      assertThat(mac.exec("utmctl stop lab-w-3").exit()).isZero();
      assertThat(mac.exec("utmctl delete lab-w-3").exit()).isZero();
      assertThat(mac.exec("utmctl status lab-w-3"))
          .isEqualTo(new SshExec.Out(1, "", "Error: Virtual machine not found.\n"));
    }
    assertThat(lab.state().hosts()).noneMatch(h -> h.name().equals("w-3"));
  }

  @Test
  void aRefusedAppleEventIsOnStderrWithExitZero() throws Exception {
    lab.faults().utmAutomationDenied(HypervisorHosts.UTM);
    Result list = lab.run(HypervisorHosts.UTM, "utmctl list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.stdout()).isEqualTo("UUID                                 Status   Name\n");
    assertThat(list.stderr())
        .isEqualTo(
            "Error from event: The operation couldn\u2019t be completed. (OSStatus error -1743.)\n"
                + "NOTE: utmctl does not work from SSH sessions or before logging in.\n");
  }

  @Test
  void aFailedCloneSaysSoOnlyOnStderr() throws Exception {
    lab.faults().failVmCreation(HypervisorHosts.UTM);
    Result clone = lab.run(HypervisorHosts.UTM, "utmctl clone ubuntu-22.04-arm64 --name lab-w-9");
    assertThat(clone.exitCode()).isZero();
    assertThat(clone.stderr()).contains("NSCocoaErrorDomain error 640");
    assertThat(lab.run(HypervisorHosts.UTM, "utmctl list").stdout()).doesNotContain("lab-w-9");
  }

  @Test
  void utmctlIsOnTheMacOnly() throws Exception {
    assertThat(lab.run(HypervisorHosts.VAGRANT, "utmctl list").exitCode()).isEqualTo(127);
  }
}
