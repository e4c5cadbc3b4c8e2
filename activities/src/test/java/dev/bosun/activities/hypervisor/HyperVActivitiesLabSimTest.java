package dev.bosun.activities.hypervisor;

import static dev.bosun.activities.hypervisor.HypervisorLab.fails;
import static dev.bosun.activities.hypervisor.HypervisorLab.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.sim.HypervisorHosts;
import dev.bosun.workflows.activities.HypervisorErrors;
import dev.bosun.workflows.activities.HypervisorFacts;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.VmInfo;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The Hyper-V driver against lab-sim's Windows 10 Pro box: cmd.exe, PowerShell -EncodedCommand, real SSH. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HyperVActivitiesLabSimTest {

  static final String TEMPLATE = HypervisorHosts.HYPERV_TEMPLATE;

  @TempDir
  static Path dir;

  HypervisorLab lab;

  @BeforeAll
  void start() throws Exception {
    lab = new HypervisorLab(dir);
  }

  @AfterAll
  void stop() {
    lab.close();
  }

  @AfterEach
  void clearFaults() {
    lab.lab.faults().clear();
  }

  @Test
  void createsAddressesCheckpointsAndDestroysAVm() {
    HypervisorTarget t = lab.hyperv("LabExternal");
    HypervisorFacts facts = lab.hv.inspectHypervisor(t);
    assertTrue(facts.clientHyperV());
    assertEquals("External", facts.switchType());
    assertEquals("2.0.0.0", facts.toolVersion());

    VmInfo created = lab.hv.createVm(t, vm("w-2", TEMPLATE));
    assertEquals("lab-w-2", created.vmName());
    assertFalse(created.adopted());
    assertTrue(
        lab.lab
            .state()
            .host(HypervisorHosts.HYPERV)
            .files()
            .containsKey("C:\\VMs\\lab\\lab-w-2.vhdx"),
        "differencing disk");
    VmInfo addressed = lab.hv.waitForAddress(t, "w-2", Duration.ofSeconds(10));
    assertEquals(lab.lab.state().host("w-2").address(), addressed.address());
    assertEquals(List.of("w-2"), lab.hv.listVms(t).stream().map(VmInfo::node).toList());

    assertFalse(lab.hv.saveSnapshot(t, "w-2", "pre-init").alreadyDone());
    assertTrue(lab.hv.saveSnapshot(t, "w-2", "pre-init").alreadyDone());
    assertFalse(lab.hv.restoreSnapshot(t, "w-2", "pre-init").alreadyDone());
    assertEquals(
        "Running", lab.hv.listVms(t).get(0).state(), "started again after the restore left it Off");
    assertFalse(lab.hv.deleteSnapshot(t, "w-2", "pre-init").alreadyDone());
    assertTrue(lab.hv.deleteSnapshot(t, "w-2", "pre-init").alreadyDone());

    assertFalse(lab.hv.destroyVm(t, "w-2").alreadyDone());
    assertTrue(lab.hv.listVms(t).isEmpty());
    assertFalse(
        lab.lab
            .state()
            .host(HypervisorHosts.HYPERV)
            .files()
            .containsKey("C:\\VMs\\lab\\lab-w-2.vhdx"),
        "disk removed");
    assertTrue(lab.hv.destroyVm(t, "w-2").alreadyDone());
  }

  @Test
  void adoptsItsOwnVmAndRefusesOneWithoutTheMarker() {
    HypervisorTarget t = lab.hyperv("LabExternal");
    assertFalse(lab.hv.createVm(t, vm("w-4", TEMPLATE)).adopted());
    assertTrue(lab.hv.createVm(t, vm("w-4", TEMPLATE)).adopted());
    synchronized (lab.lab.state().lock()) {
      lab.lab
          .state()
          .hypervisors()
          .define(HypervisorHosts.HYPERV, "lab-w-8", "amd64"); // someone's VM, no Notes
    }
    ApplicationFailure f =
        fails(HypervisorErrors.NOT_OURS, () -> lab.hv.createVm(t, vm("w-8", TEMPLATE)));
    assertTrue(f.getOriginalMessage().contains("lab-w-8"), f.getOriginalMessage());
    fails(HypervisorErrors.NOT_OURS, () -> lab.hv.destroyVm(t, "w-8"));
    fails(HypervisorErrors.NOT_OURS, () -> lab.hv.saveSnapshot(t, "w-8", "s"));
    assertEquals(List.of("w-4"), lab.hv.listVms(t).stream().map(VmInfo::node).toList());
    lab.hv.destroyVm(t, "w-4");
  }

  @Test
  void theDefaultSwitchOfWindows10ProIsRefusedBeforeAnythingIsCreated() {
    HypervisorTarget t = lab.hyperv("Default Switch");
    ApplicationFailure f = fails(HypervisorErrors.UNSUITABLE, () -> lab.hv.inspectHypervisor(t));
    assertTrue(f.getOriginalMessage().contains("external switch"), f.getOriginalMessage());
    fails(HypervisorErrors.UNSUITABLE, () -> lab.hv.createVm(t, vm("w-3", TEMPLATE)));
    synchronized (lab.lab.state().lock()) {
      assertNull(lab.lab.state().hypervisors().vms(HypervisorHosts.HYPERV).get("lab-w-3"));
    }
  }

  @Test
  void aFailedNewVmQuotesHyperV() {
    lab.lab.faults().failVmCreation(HypervisorHosts.HYPERV);
    ApplicationFailure f = fails(
        HypervisorErrors.TOOL_FAILED,
        () -> lab.hv.createVm(lab.hyperv("LabExternal"), vm("w-5", TEMPLATE)));
    assertTrue(f.getOriginalMessage().contains("lab-w-5"), f.getOriginalMessage());
    assertTrue(f.getOriginalMessage().contains("0x80070569"), f.getOriginalMessage());
  }

  @Test
  void aVmWithoutIntegrationServicesNeverGetsAnAddress() {
    lab.lab.faults().noVmAddress(HypervisorHosts.HYPERV);
    HypervisorTarget t = lab.hyperv("LabExternal");
    lab.hv.createVm(t, vm("w-6", TEMPLATE));
    fails(
        HypervisorErrors.NO_ADDRESS, () -> lab.hv.waitForAddress(t, "w-6", Duration.ofMillis(300)));
    lab.hv.destroyVm(t, "w-6");
  }

  @Test
  void theLoginShellIsCmdExe() {
    CommandResult r = lab.ssh.run(lab.hyperv("LabExternal").ssh(), "sudo -n true");
    assertEquals(1, r.exitCode());
    assertEquals(
        "'sudo' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
        r.stderr());
  }
}
