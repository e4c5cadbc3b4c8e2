package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.activities.node.NodeCommands;
import dev.bosun.cli.Cli;
import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The certificate guard against lab-sim over real SSH with the embedded Temporal: bosun certs' table, the upgrade's
 * preflight warning and blocking on an expiring certificate, and bosun certs --renew end to end.
 */
@Execution(ExecutionMode.CONCURRENT) // waits on simulated hosts; overlaps with the other lab tests
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CertsTest {

  @TempDir
  Path tmp;

  @Test
  void testCertsPrintsEveryControlPlanesTableAndChangesNothing() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 2, 1, "v1.30.6", tmp))) {
      lab.faults().certificatesExpireIn("cp-2", Duration.ofDays(20));

      Cli.Result r = Cli.run("certs", "-i", lab.inventoryFile().toString());

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(r.out())
          .containsPattern("NODE\\s+CERTIFICATE\\s+EXPIRES\\s+RESIDUAL\\s+CA\\s+STATUS")
          .containsPattern("cp-1\\s+apiserver\\s+\\S+Z\\s+36[45]d\\s+ca\\s+ok")
          .containsPattern("cp-2\\s+apiserver\\s+\\S+Z\\s+19d\\s+ca\\s+warning")
          .containsPattern("cp-2\\s+etcd-server\\s+\\S+\\s+19d\\s+etcd-ca\\s+warning")
          .containsPattern("cp-1\\s+ca\\s+\\S+\\s+\\d+d\\s+\\(authority\\)\\s+ok")
          .contains(
              "warning: certificate apiserver on cp-2 expires in 19 days",
              "renew now with: bosun certs --renew");
      assertThat(r.out()).doesNotContain("w-1 ");
      for (CommandRecord c : lab.commandLog().all()) {
        String cmd = c.command().startsWith("sudo -n ") ? c.command().substring(8) : c.command();
        assertThat(PlanTest.READ_ONLY)
            .as("%s on %s is read-only", c.command(), c.host())
            .anyMatch(cmd::startsWith);
      }
      assertThat(lab.commandLog().matching(NodeCommands.CERTIFICATES))
          .extracting(CommandRecord::host)
          .containsExactlyInAnyOrder("cp-1", "cp-2");
    }
  }

  @Test
  void testPreflightWarnsWhenTheUpgradeRenewsAndBlocksWhenRenewalIsOff() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 2, 1, "v1.30.6", tmp))) {
      lab.faults().certificatesExpireIn("cp-2", Duration.ofDays(3));
      String inventory = lab.inventoryFile().toString();

      Cli.Result renewing = Cli.run("plan", "-i", inventory, "--to", "v1.31.2");

      assertThat(renewing.exit()).as(renewing.toString()).isEqualTo(0);
      assertThat(renewing.out())
          .contains(
              "certificate apiserver on cp-2 expires in 2 days",
              "kubeadm upgrade renews it (upgrade.certificateRenewal is true)",
              "kubeadm upgrade renews the leaf certificates it manages (upgrade.certificateRenewal: true)",
              "$ sudo -n kubeadm upgrade apply 'v1.31.2' -y\n");

      Path off = tmp.resolve("no-renewal.yaml");
      Files.writeString(
          off,
          Files.readString(lab.inventoryFile())
              .replace("upgrade: { ", "upgrade: { certificateRenewal: false, "));
      Cli.Result blocked = Cli.run("plan", "-i", off.toString(), "--to", "v1.31.2");

      assertThat(blocked.exit()).as(blocked.toString()).isEqualTo(1);
      assertThat(blocked.out())
          .containsPattern(
              "blocker\\s+certificates\\s+certificate apiserver on cp-2 expires in 2 days")
          .contains(
              "under 7 days: renew it first (bosun certs --renew)",
              "$ sudo -n kubeadm upgrade apply 'v1.31.2' -y --certificate-renewal=false",
              "$ sudo -n kubeadm upgrade node --certificate-renewal=false",
              "The upgrade would not start");
      assertThat(blocked.out()).doesNotContain("on cp-1 expires");

      Cli.Result upgrade = Cli.run("upgrade", "-i", off.toString(), "--to", "v1.31.2", "--plain");

      assertThat(upgrade.exit()).as(upgrade.toString()).isEqualTo(1);
      assertThat(upgrade.out() + upgrade.err())
          .contains("preflight refused the upgrade of lab1", "certificate apiserver on cp-2");
      assertThat(lab.commandLog().matching("kubeadm upgrade")).isEmpty();
    }
  }

  @Test
  void testRenewRenewsEachControlPlaneInTurnAndRestartsItsStaticPods() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 2, 1, "v1.30.6", tmp))) {
      lab.faults().certificatesExpireIn("cp-1", Duration.ofDays(3));
      lab.faults().certificatesExpireIn("cp-2", Duration.ofDays(3));

      Cli.Result r = Cli.run(
          "certs",
          "-i",
          lab.inventoryFile().toString(),
          "--renew",
          "--static-pod-wait",
          "1s",
          "--plain");

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(r.out())
          .contains(
              "started RenewCertificates bosun:lab1",
              "renewed and restarted, one at a time: cp-1, cp-2")
          .containsPattern("cp-2\\s+apiserver\\s+\\S+Z\\s+36[45]d\\s+ca\\s+ok")
          .doesNotContain("warning:");
      // one control plane at a time: cp-1's pods are back before cp-2 is renewed
      List<String> order = lab.commandLog().all().stream()
          .filter(c ->
              c.command().contains("kubeadm certs renew") || c.command().contains("sudo -n mv "))
          .map(c -> c.host() + " "
              + (c.command().contains("renew")
                  ? "renew"
                  : c.command().contains("mkdir") ? "out" : "back"))
          .distinct()
          .toList();
      assertThat(order)
          .containsExactly(
              "cp-1 renew", "cp-1 out", "cp-1 back", "cp-2 renew", "cp-2 out", "cp-2 back");
      for (String cp : List.of("cp-1", "cp-2")) {
        assertThat(lab.state().host(cp).files())
            .containsKey(NodeCommands.MANIFESTS_DIR + "/kube-apiserver.yaml")
            .doesNotContainKey(NodeCommands.PAUSED_MANIFESTS_DIR + "/kube-apiserver.yaml");
      }
    }
  }

  @Test
  void testRenewStopsAtTheFailingControlPlaneAndNamesIt() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 3, 0, "v1.30.6", tmp))) {
      // kubeadm exits 0 but prints nothing: never trusted as a renewal
      lab.faults().failRun("cp-2", "kubeadm certs renew", 0, 0, "");

      Cli.Result r = Cli.run(
          "certs",
          "-i",
          lab.inventoryFile().toString(),
          "--renew",
          "--static-pod-wait",
          "1s",
          "--plain");

      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.out())
          .contains(
              "certificate renewal of lab1 stopped at cp-2",
              "without 'Done renewing certificates'",
              "renewed before it: cp-1");
      assertThat(lab.commandLog().matching("kubeadm certs renew"))
          .extracting(CommandRecord::host)
          .doesNotContain("cp-3");
      assertThat(lab.state().host("cp-2").files())
          .containsKey(NodeCommands.MANIFESTS_DIR + "/kube-apiserver.yaml");
    }
  }

  @Test
  void testBadFlagsAreRefusedBeforeAnythingStarts() throws Exception {
    String inventory = TestInventory.write(tmp);
    Cli.Result wait = Cli.run("certs", "-i", inventory, "--static-pod-wait", "1s");
    assertThat(wait.exit()).as(wait.toString()).isEqualTo(2);
    assertThat(wait.err()).contains("--static-pod-wait: only with --renew");
    Cli.Result tooLong = Cli.run("certs", "-i", inventory, "--renew", "--static-pod-wait", "1h");
    assertThat(tooLong.exit()).as(tooLong.toString()).isEqualTo(2);
    assertThat(tooLong.err()).contains("--static-pod-wait must be 0s to 10m");
    Cli.Result watch = Cli.run("certs", "-i", inventory, "--watch");
    assertThat(watch.exit()).as(watch.toString()).isEqualTo(2);
    assertThat(watch.err()).contains("--watch/--plain: only with --renew");
  }
}
