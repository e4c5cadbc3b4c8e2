package dev.bosun.activities.hypervisor;

import static dev.bosun.activities.hypervisor.HypervisorLab.fails;
import static dev.bosun.activities.hypervisor.HypervisorLab.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The UTM driver against lab-sim's Mac (utmctl) over real SSH. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UtmActivitiesLabSimTest {

  static final String IMAGE = HypervisorHosts.UTM_IMAGE;

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
  void clonesStartsAddressesAndDeletesAVm() {
    HypervisorTarget t = lab.utm();
    HypervisorFacts facts = lab.hv.inspectHypervisor(t);
    assertEquals("4.6.4", facts.toolVersion());
    assertFalse(facts.snapshots());

    VmInfo created = lab.hv.createVm(t, vm("w-3", IMAGE));
    assertEquals("lab-w-3", created.vmName());
    assertFalse(created.adopted());
    VmInfo addressed = lab.hv.waitForAddress(t, "w-3", Duration.ofSeconds(10));
    assertEquals(lab.lab.state().host("w-3").address(), addressed.address());
    assertEquals("arm64", lab.lab.state().host("w-3").arch());
    assertEquals(List.of("w-3"), lab.hv.listVms(t).stream().map(VmInfo::node).toList());
    ApplicationFailure f =
        fails(HypervisorErrors.NO_SNAPSHOTS, () -> lab.hv.saveSnapshot(t, "w-3", "pre-init"));
    assertTrue(
        f.getOriginalMessage().contains("utmctl has no snapshot command"), f.getOriginalMessage());
    assertFalse(lab.hv.stopVm(t, "w-3").alreadyDone());
    assertTrue(lab.hv.stopVm(t, "w-3").alreadyDone());

    assertFalse(lab.hv.destroyVm(t, "w-3").alreadyDone());
    assertTrue(lab.hv.listVms(t).isEmpty());
    assertTrue(lab.hv.destroyVm(t, "w-3").alreadyDone());
    synchronized (lab.lab.state().lock()) {
      assertTrue(
          lab.lab.state().hypervisors().vms(HypervisorHosts.UTM).containsKey(IMAGE),
          "the image stays");
    }
  }

  @Test
  void adoptsItsOwnCloneAndRefusesASameNamedVmWithoutTheMarker() {
    HypervisorTarget t = lab.utm();
    assertFalse(lab.hv.createVm(t, vm("w-4", IMAGE)).adopted());
    assertTrue(lab.hv.createVm(t, vm("w-4", IMAGE)).adopted());
    synchronized (lab.lab.state().lock()) {
      lab.lab
          .state()
          .hypervisors()
          .define(HypervisorHosts.UTM, "lab-w-7", "arm64"); // made by hand in UTM
    }
    ApplicationFailure f =
        fails(HypervisorErrors.NOT_OURS, () -> lab.hv.createVm(t, vm("w-7", IMAGE)));
    assertTrue(f.getOriginalMessage().contains("lab-w-7"), f.getOriginalMessage());
    fails(HypervisorErrors.NOT_OURS, () -> lab.hv.destroyVm(t, "w-7"));
    assertEquals(List.of("w-4"), lab.hv.listVms(t).stream().map(VmInfo::node).toList());
    lab.hv.destroyVm(t, "w-4");
  }

  @Test
  void aCreateThatStoppedBetweenCloneAndMarkerIsAdoptedOnRetry() {
    synchronized (lab.lab.state().lock()) {
      lab.lab
          .state()
          .host(HypervisorHosts.UTM)
          .files()
          .put(UtmCommands.markerFile("lab", "lab-w-2"), "pending\n");
      lab.lab
          .state()
          .hypervisors()
          .define(HypervisorHosts.UTM, "lab-w-2", "arm64"); // the clone made before the crash
    }
    HypervisorTarget t = lab.utm();
    assertTrue(lab.hv.createVm(t, vm("w-2", IMAGE)).adopted());
    assertEquals(List.of("w-2"), lab.hv.listVms(t).stream().map(VmInfo::node).toList());
    lab.hv.destroyVm(t, "w-2");
  }

  @Test
  void aRefusedAppleEventIsAFailureEvenOnExitZero() {
    lab.lab.faults().utmAutomationDenied(HypervisorHosts.UTM);
    ApplicationFailure f =
        fails(HypervisorErrors.UTM_AUTOMATION, () -> lab.hv.createVm(lab.utm(), vm("w-5", IMAGE)));
    assertTrue(f.getOriginalMessage().contains("OSStatus error -1743"), f.getOriginalMessage());
    assertTrue(f.getOriginalMessage().contains("Automation"), f.getOriginalMessage());
    assertTrue(f.isNonRetryable());
  }

  @Test
  void aFailedCloneIsReportedFromStderr() {
    lab.lab.faults().failVmCreation(HypervisorHosts.UTM);
    ApplicationFailure f =
        fails(HypervisorErrors.TOOL_FAILED, () -> lab.hv.createVm(lab.utm(), vm("w-6", IMAGE)));
    assertTrue(
        f.getOriginalMessage().contains("NSCocoaErrorDomain error 640"), f.getOriginalMessage());
    synchronized (lab.lab.state().lock()) {
      assertTrue(
          !lab.lab
              .state()
              .host(HypervisorHosts.UTM)
              .files()
              .containsKey(UtmCommands.markerFile("lab", "lab-w-6")),
          "no marker left");
    }
  }
}
