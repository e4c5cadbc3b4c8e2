package dev.bosun.activities.labsim;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.SimHost;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import java.nio.file.Path;
import java.time.Duration;

/** Targets for a running lab-sim, as the inventory it writes describes them. */
final class Lab {

  static final ActivitySettings SETTINGS = new ActivitySettings(
      null, null, 4, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(5));

  static LabSim start(Path dir) throws Exception {
    return start(dir, 2);
  }

  static LabSim start(Path dir, int workers) throws Exception {
    return LabSim.start(
        LabSpec.of("lab1", 1, workers, "v1.30.6", dir).withNotReadyWindow(Duration.ofMillis(800)));
  }

  static HostTarget host(LabSim lab, String name) {
    SimHost h = lab.host(name);
    return new HostTarget(
        "lab1",
        h.name(),
        h.address(),
        lab.sshPort(),
        "bosun",
        lab.privateKey().toString(),
        lab.knownHosts().toString(),
        false,
        null,
        null,
        null);
  }

  /** Reaches the API with the admin.conf fetched from cp-1 over SSH (no kubeconfig path). */
  static ClusterTarget clusterViaSsh(LabSim lab) {
    return new ClusterTarget(
        "lab1", lab.apiServerUrl().replace("https://", ""), host(lab, "cp-1"), null);
  }

  static ClusterTarget clusterViaKubeconfig(LabSim lab) {
    return new ClusterTarget(
        "lab1",
        lab.apiServerUrl().replace("https://", ""),
        host(lab, "cp-1"),
        lab.kubeconfig().toString());
  }

  private Lab() {}
}
