package dev.bosun.activities.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.sim.HypervisorHosts;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.activities.HypervisorTarget;
import dev.bosun.workflows.activities.VmRequest;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.HypervisorSpec;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/** A lab for init (three hypervisor hosts, no node) and HypervisorActivitiesImpl reaching it over real SSH. */
final class HypervisorLab implements AutoCloseable {

  static final String CLUSTER = "lab";
  static final ActivitySettings SETTINGS = new ActivitySettings(
      null, null, 4, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5));

  final LabSim lab;
  final SshPool ssh;
  final HypervisorActivitiesImpl hv;

  HypervisorLab(Path dir) throws Exception {
    lab = LabSim.start(LabSpec.forInit(CLUSTER, 1, 3, "v1.30.6", dir));
    ssh = new SshPool(SETTINGS);
    hv = new HypervisorActivitiesImpl(ssh, Duration.ofMillis(50));
  }

  /** As the lab's inventory names them: linux-box (vagrant, libvirt), win10 (hyperv, LabExternal), mac (utm). */
  HypervisorTarget vagrant(String project) {
    return target(
        "linux-box",
        HypervisorHosts.VAGRANT,
        new HypervisorSpec(
            HypervisorSpec.VAGRANT,
            address(HypervisorHosts.VAGRANT),
            "libvirt",
            project,
            null,
            null,
            null,
            null));
  }

  HypervisorTarget hyperv(String vmSwitch) {
    return target(
        "win10",
        HypervisorHosts.HYPERV,
        new HypervisorSpec(
            HypervisorSpec.HYPERV,
            address(HypervisorHosts.HYPERV),
            null,
            null,
            "bosun",
            vmSwitch,
            "C:\\VMs\\lab",
            null));
  }

  HypervisorTarget utm() {
    return target(
        "mac",
        HypervisorHosts.UTM,
        new HypervisorSpec(
            HypervisorSpec.UTM,
            address(HypervisorHosts.UTM),
            null,
            null,
            "bosun",
            null,
            null,
            null));
  }

  static VmRequest vm(String node, String image) {
    return new VmRequest(node, image, 2, 2048, 20, null, null);
  }

  private HypervisorTarget target(String name, String host, HypervisorSpec spec) {
    HostTarget ssh = new HostTarget(
        CLUSTER,
        name,
        address(host),
        lab.sshPort(),
        "bosun",
        lab.privateKey().toString(),
        lab.knownHosts().toString(),
        false,
        null,
        null,
        null);
    return new HypervisorTarget(CLUSTER, name, spec, ssh);
  }

  private String address(String host) {
    return lab.host(host).address();
  }

  static ApplicationFailure fails(String type, Executable call) {
    ApplicationFailure f = assertThrows(ApplicationFailure.class, call);
    assertEquals(type, f.getType(), f.getOriginalMessage());
    return f;
  }

  @Override
  public void close() {
    ssh.close();
    lab.close();
  }
}
