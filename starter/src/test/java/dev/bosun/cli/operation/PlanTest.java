package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.activities.node.NodeCommands;
import dev.bosun.cli.Cli;
import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** bosun plan prints findings and every node's exact commands, and sends only read-only commands to hosts. */
@Execution(ExecutionMode.CONCURRENT) // waits on simulated hosts; overlaps with the other lab tests
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class PlanTest {

  /** Every command plan may send (after "sudo -n "): reading only. */
  static final List<String> READ_ONLY = List.of(
      "hostname",
      "uname -m",
      "cat ",
      "kubeadm version",
      "kubelet --version",
      "dpkg-query ",
      "apt-mark showhold",
      "apt-cache madison ",
      "curl -fsSL --max-time 30 'https://pkgs.k8s.io/core:/stable:/v1.31/deb/Packages'", // as the
      // SSH user
      "kubeadm upgrade plan",
      "kubeadm certs check-expiration",
      "etcdctl version", // preflight: etcdctl for the etcd quorum guard
      "etcdutl version",
      "systemctl is-active ");

  @TempDir
  Path tmp;

  @Test
  void testPlanPrintsFindingsAndCommandsAndChangesNothing() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 2, 2, "v1.30.6", tmp))) {
      Map<String, Map<String, String>> filesBefore = files(lab);
      Cli.Result r = Cli.run("plan", "-i", lab.inventoryFile().toString(), "--to", "v1.31.2");

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(r.out())
          .contains(
              "Plan: upgrade lab1 v1.30.6 → v1.31.2 (packages 1.31.2-1.1)",
              "kubeadm 1.31.2-1.1 is in the v1.31 package index (read on cp-1; nothing switched)",
              "'kubeadm=1.31.2-1.1'",
              "Preflight:",
              "stage 1: cp-1 (control-plane, first control plane: kubeadm upgrade apply)",
              "$ sudo -n kubeadm upgrade apply 'v1.31.2' -y",
              "stage 2: cp-2",
              "$ sudo -n kubeadm upgrade node",
              "$ sudo -n systemctl daemon-reload && sudo -n systemctl restart kubelet",
              "'kubelet=1.31.2-1.1' 'kubectl=1.31.2-1.1'",
              "$ echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.31/deb/ /' | sudo -n tee",
              "[api] cordon, then evict every pod",
              "Maintenance windows (upgrade.window):",
              "  none: nodes start at any time");
      // exactly the activities' own command lines (the same builders), line for line
      for (String line : NodeCommands.upgradeCommands(
          NodeRole.WORKER,
          false,
          KubeVersion.parse("v1.31.2"),
          "1.31.2-1.1",
          KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY)) {
        assertThat(r.out()).contains("$ " + line);
      }
      assertThat(r.out()).doesNotContain("-REV");
      assertThat(lab.commandLog().matching("curl ").stream()
              .map(CommandRecord::host)
              .toList())
          .as("the index is read once, on the first control plane")
          .containsExactly("cp-1");
      assertThat(files(lab)).as("no file on any host changed").isEqualTo(filesBefore);
      List<CommandRecord> sent = lab.commandLog().all();
      assertThat(sent).isNotEmpty();
      for (CommandRecord c : sent) {
        String cmd = c.command().startsWith("sudo -n ") ? c.command().substring(8) : c.command();
        assertThat(READ_ONLY)
            .as("%s on %s is read-only", c.command(), c.host())
            .anyMatch(cmd::startsWith);
        assertThat(cmd).doesNotContain("&&", "| ", "tee ", "apt-get");
      }
      for (String n : new String[] {"cp-1", "cp-2", "w-1", "w-2"}) {
        assertThat(lab.state().installedPackage(n, "kubeadm")).startsWith("1.30.6");
        assertThat(lab.state().nodeUnschedulable(n)).isFalse();
      }
    }
  }

  @Test
  void testAnUnreadablePackageIndexKeepsRevWithTheReasonAndThePlanGoesOn() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 1, 1, "v1.30.6", tmp))) {
      lab.faults().failRun("cp-1", "curl", 0, 6, "curl: (6) Could not resolve host: pkgs.k8s.io\n");
      Cli.Result r = Cli.run("plan", "-i", lab.inventoryFile().toString(), "--to", "v1.31.2");

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(r.out())
          .contains(
              "Plan: upgrade lab1 v1.30.6 → v1.31.2\n",
              "kubeadm v1.31.2's Debian revision not resolved read-only, shown as 1.31.2-REV",
              "could not read the package index https://pkgs.k8s.io/core:/stable:/v1.31/deb/Packages"
                  + " (curl exited 6: curl: (6) Could not resolve host: pkgs.k8s.io)",
              "1.31.2-REV: the Debian revision, e.g. 1.31.2-1.1, was not read from the v1.31 package index",
              "'kubelet=1.31.2-REV' 'kubectl=1.31.2-REV'");
      assertThat(lab.commandLog().matching("curl ")).hasSize(1); // not retried
    }
  }

  @Test
  void testAChainPlanShowsEveryHopWithItsRepositoryPackagesSnapshotAndSteps() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 1, 1, "v1.30.6", tmp))) {
      Map<String, Map<String, String>> filesBefore = files(lab);
      Cli.Result r = Cli.run("plan", "-i", lab.inventoryFile().toString(), "--to", "v1.32.4");

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(r.out())
          .contains(
              "Plan: upgrade lab1 v1.30.6 → v1.32.4 in 2 hops, one minor at a time",
              "hop 1 of 2: v1.30.6 → v1.31.9 (a full rolling upgrade, child workflow)",
              "  repository:    https://pkgs.k8s.io/core:/stable:/v1.31/deb/\n  packages:      1.31.9-1.1",
              "hop 2 of 2: v1.31.9 → v1.32.4",
              "  repository:    https://pkgs.k8s.io/core:/stable:/v1.32/deb/\n  packages:      1.32.4-1.1",
              "  etcd snapshot: cp-1:/var/backups/bosun-etcd-lab1-<UTC time at the hop's start>.db",
              "  guard:         its own preflight when it starts, on the cluster at v1.31.9",
              "Preflight (hop 1):",
              "Steps of hop 1 of 2: v1.30.6 → v1.31.9",
              "$ sudo -n kubeadm upgrade apply 'v1.31.9' -y",
              "Steps of hop 2 of 2: v1.31.9 → v1.32.4",
              "$ sudo -n kubeadm upgrade apply 'v1.32.4' -y",
              "'kubelet=1.32.4-1.1' 'kubectl=1.32.4-1.1'");
      assertThat(r.out()).doesNotContain("-REV", "skips v1.31");
      assertThat(files(lab)).as("no file on any host changed").isEqualTo(filesBefore);
      for (CommandRecord c : lab.commandLog().all()) {
        String cmd = c.command().startsWith("sudo -n ") ? c.command().substring(8) : c.command();
        assertThat(READ_ONLY)
            .as("%s on %s is read-only", c.command(), c.host())
            .anyMatch(p -> cmd.startsWith(p)
                || cmd.startsWith(
                    "curl -fsSL --max-time 30 'https://pkgs.k8s.io/core:/stable:/v1.3"));
      }
    }
  }

  @Test
  void testAChainThroughAMinorTheRepositoriesLackIsBlockedNamingTheHopAndRepository()
      throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 1, 1, "v1.30.6", tmp))) {
      // the lab serves v1.28 to v1.33: v1.34 and v1.35 are missing
      Cli.Result r = Cli.run("plan", "-i", lab.inventoryFile().toString(), "--to", "v1.35.0");

      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.out())
          .contains(
              "in 5 hops",
              ": BLOCKED",
              "hop 4 of 5 (v1.33.9 → v1.34.latest): the repository"
                  + " https://pkgs.k8s.io/core:/stable:/v1.34/deb/ cannot serve it",
              "hop 5 of 5 (v1.34.0 → v1.35.0): the repository https://pkgs.k8s.io/core:/stable:/v1.35/deb/"
                  + " cannot serve it",
              "The upgrade would not start");
    }
  }

  private static Map<String, Map<String, String>> files(LabSim lab) {
    Map<String, Map<String, String>> all = new TreeMap<>();
    lab.hosts().forEach(h -> all.put(h.name(), lab.state().files(h.name())));
    return all;
  }
}
