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

/** The Vagrant driver against lab-sim's vagrant-host (vagrant-libvirt) over real SSH. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VagrantActivitiesLabSimTest {

  static final String IMAGE = "bento/ubuntu-22.04";

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
  void createsAddressesSnapshotsAndDestroysAMachine() {
    HypervisorTarget t = lab.vagrant("/home/bosun/labs/lab");
    HypervisorFacts facts = lab.hv.inspectHypervisor(t);
    assertEquals("2.4.1", facts.toolVersion());
    assertTrue(facts.snapshots());

    VmInfo created = lab.hv.createVm(t, vm("cp-1", IMAGE));
    assertEquals("lab-cp-1", created.vmName());
    assertFalse(created.adopted());
    VmInfo addressed = lab.hv.waitForAddress(t, "cp-1", Duration.ofSeconds(10));
    assertEquals(
        lab.lab.state().host("cp-1").address(),
        addressed.address(),
        "the guest is a lab host named after the node");
    String vagrantfile = lab.lab
        .state()
        .host(HypervisorHosts.VAGRANT)
        .files()
        .get("/home/bosun/labs/lab/Vagrantfile");
    assertTrue(vagrantfile.startsWith("# bosun:cluster=lab\n"), vagrantfile);
    assertTrue(vagrantfile.contains("config.vm.define \"lab-cp-1\""), vagrantfile);
    assertEquals(List.of("cp-1"), lab.hv.listVms(t).stream().map(VmInfo::node).toList());

    assertFalse(lab.hv.saveSnapshot(t, "cp-1", "pre-init").alreadyDone());
    assertTrue(lab.hv.saveSnapshot(t, "cp-1", "pre-init").alreadyDone());
    assertFalse(lab.hv.restoreSnapshot(t, "cp-1", "pre-init").alreadyDone());
    assertFalse(lab.hv.deleteSnapshot(t, "cp-1", "pre-init").alreadyDone());
    assertTrue(lab.hv.deleteSnapshot(t, "cp-1", "pre-init").alreadyDone());
    assertFalse(lab.hv.stopVm(t, "cp-1").alreadyDone());
    assertFalse(lab.hv.startVm(t, "cp-1").alreadyDone());

    assertFalse(lab.hv.destroyVm(t, "cp-1").alreadyDone());
    assertTrue(lab.hv.listVms(t).isEmpty());
    assertTrue(lab.hv.destroyVm(t, "cp-1").alreadyDone());
    assertTrue(
        lab.lab.state().hosts().stream().noneMatch(h -> h.name().equals("cp-1")),
        "the guest left the lab");
  }

  @Test
  void adoptsItsOwnMachineOnASecondCreate() {
    HypervisorTarget t = lab.vagrant("/home/bosun/labs/adopt");
    assertFalse(lab.hv.createVm(t, vm("w-1", IMAGE)).adopted());
    lab.hv.createVm(t, vm("w-2", IMAGE));
    assertTrue(lab.hv.createVm(t, vm("w-1", IMAGE)).adopted());
    assertEquals(
        List.of("w-1", "w-2"),
        lab.hv.listVms(t).stream().map(VmInfo::node).sorted().toList());
    lab.hv.destroyVm(t, "w-1");
    lab.hv.destroyVm(t, "w-2");
  }

  @Test
  void refusesAProjectWhoseVagrantfileIsNotThisClusters() throws Exception {
    synchronized (lab.lab.state().lock()) {
      lab.lab
          .state()
          .host(HypervisorHosts.VAGRANT)
          .files()
          .put(
              "/home/bosun/labs/mine/Vagrantfile",
              "Vagrant.configure(\"2\") do |config|\n  config.vm.define \"lab-w-9\" do |m|\n    m.vm.box = \"x/y\"\n  end\nend\n");
    }
    HypervisorTarget t = lab.vagrant("/home/bosun/labs/mine");
    ApplicationFailure f =
        fails(HypervisorErrors.NOT_OURS, () -> lab.hv.createVm(t, vm("w-9", IMAGE)));
    assertTrue(f.getOriginalMessage().contains("lab-w-9"), f.getOriginalMessage());
    fails(HypervisorErrors.NOT_OURS, () -> lab.hv.destroyVm(t, "w-9"));
    assertTrue(lab.hv.listVms(t).isEmpty());
  }

  @Test
  void aFailedUpQuotesLibvirtWithItsCommasBack() {
    lab.lab.faults().failVmCreation(HypervisorHosts.VAGRANT);
    HypervisorTarget t = lab.vagrant("/home/bosun/labs/broken");
    ApplicationFailure f =
        fails(HypervisorErrors.TOOL_FAILED, () -> lab.hv.createVm(t, vm("w-5", IMAGE)));
    assertTrue(f.getOriginalMessage().contains("lab-w-5"), f.getOriginalMessage());
    assertTrue(f.getOriginalMessage().contains("CreateDomainError"), f.getOriginalMessage());
    assertTrue(f.getOriginalMessage().contains("(as uid:64055, gid:108)"), f.getOriginalMessage());
    assertTrue(f.isNonRetryable());
  }

  @Test
  void aMachineThatNeverReportsAnAddressTimesOut() {
    lab.lab.faults().noVmAddress(HypervisorHosts.VAGRANT);
    HypervisorTarget t = lab.vagrant("/home/bosun/labs/dark");
    lab.hv.createVm(t, vm("w-6", IMAGE));
    ApplicationFailure f = fails(
        HypervisorErrors.NO_ADDRESS, () -> lab.hv.waitForAddress(t, "w-6", Duration.ofMillis(300)));
    assertTrue(f.getOriginalMessage().contains("lab-w-6"), f.getOriginalMessage());
    lab.lab.faults().clear();
    lab.hv.destroyVm(t, "w-6");
  }

  @Test
  void anUnreachableHypervisorHostIsRetryable() throws Exception {
    lab.lab.faults().refuseSsh(HypervisorHosts.VAGRANT);
    try (var fresh = new dev.bosun.activities.ssh.SshPool(
        HypervisorLab.SETTINGS)) { // no pooled connection to reuse
      ApplicationFailure f = fails(
          HypervisorErrors.UNREACHABLE,
          () -> new HypervisorActivitiesImpl(fresh)
              .inspectHypervisor(lab.vagrant("/home/bosun/labs/lab")));
      assertFalse(f.isNonRetryable());
      assertTrue(f.getOriginalMessage().contains("127.0.3.1"), f.getOriginalMessage());
    }
  }
}
