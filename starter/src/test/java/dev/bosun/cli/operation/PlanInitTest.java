package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** bosun plan init: every VM and command in init's order, from the command files, and nothing run anywhere. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PlanInitTest {

  @TempDir
  Path tmp;

  @Test
  void testPlanInitShowsEveryVmAndCommandAndRunsNothing() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.forInit("lab1", 3, 3, "v1.30.6", tmp))) {
      Cli.Result r = Cli.run("plan", "init", "-i", lab.inventoryFile().toString());

      assertThat(r.exit()).as(r.toString()).isEqualTo(0);
      assertThat(r.out())
          .contains(
              "Plan: init lab1 at v1.30.6 — 3 control plane(s), 3 worker(s)",
              "$ cd '/home/bosun/labs/lab1' && vagrant up lab1-cp-1 --provider=libvirt --machine-readable",
              "PS> New-VM -Name 'lab1-w-2'",
              "-SwitchName 'LabExternal'",
              "utmctl' clone 'ubuntu-22.04-arm64' --name 'lab1-w-3'",
              "arm64: /etc/apt/sources.list.d/kubernetes.list: deb [arch=arm64",
              "$ sudo -n kubeadm init --config /etc/kubernetes/bosun-init.yaml --upload-certs",
              "kubernetesVersion: \"v1.30.6\"",
              "5. join the other control planes one by one: cp-2, cp-3",
              "$ sudo -n kubeadm init phase upload-certs --upload-certs",
              "6. etcdctl and etcdutl on every control plane, 4 at a time",
              "$ sudo -n cat /etc/kubernetes/manifests/etcd.yaml",
              "$ curl -fsSL --retry 3 -o '/tmp/bosun-etcd.XXXXXXXXXX/SHA256SUMS' 'https://github.com/etcd-io/etcd/releases/download/v3.5.15/SHA256SUMS'",
              "$ sudo -n install -m 0755 '/tmp/bosun-etcd.XXXXXXXXXX/etcdctl' '/tmp/bosun-etcd.XXXXXXXXXX/etcdutl' /usr/local/bin/",
              "7. join the workers, 4 at a time: w-1, w-2, w-3");
      assertThat(r.out().indexOf("5. join")).isLessThan(r.out().indexOf("6. etcdctl"));
      assertThat(r.out().indexOf("4. kubeadm init")).isLessThan(r.out().indexOf("5. join"));
      assertThat(lab.commandLog().all()).as("nothing ran on any host").isEmpty();
    }
  }

  @Test
  void testPlanTakesInitOrAnUpgradeTarget() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.forInit("lab1", 1, 0, "v1.30.6", tmp))) {
      Cli.Result noTarget = Cli.run("plan", "-i", lab.inventoryFile().toString());
      Cli.Result odd = Cli.run("plan", "destroy", "-i", lab.inventoryFile().toString());
      Cli.Result mixed =
          Cli.run("plan", "init", "-i", lab.inventoryFile().toString(), "--to", "v1.31.2");

      assertThat(noTarget.exit()).isEqualTo(2);
      assertThat(noTarget.err()).contains("--to is required", "bosun plan init");
      assertThat(odd.exit()).isEqualTo(2);
      assertThat(odd.err()).contains("plan takes 'init' or nothing");
      assertThat(mixed.exit()).isEqualTo(2);
      assertThat(mixed.err()).contains("bosun plan init takes only -i");
    }
  }
}
