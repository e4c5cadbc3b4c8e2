package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bosun.sim.shell.Result;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every fault kind, programmatic and from YAML, and that clear() heals each. */
class FaultsTest {

  private static final String RESTART =
      "sudo -n systemctl daemon-reload && sudo -n systemctl restart kubelet";

  @TempDir
  Path dir;

  LabSim lab;

  @BeforeEach
  void start() throws Exception {
    lab = LabSim.start(
        LabSpec.of("lab1", 1, 2, "v1.30.6", dir).withNotReadyWindow(Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void testFailTheNthRun() throws Exception {
    lab.faults()
        .failRun(
            "w-1",
            "systemctl restart kubelet",
            2,
            1,
            "Job for kubelet.service failed because the control process exited with error code.");
    assertThat(lab.run("w-1", RESTART).exitCode()).isZero();
    assertThat(lab.run("w-1", RESTART))
        .isEqualTo(
            new Result(
                1,
                "",
                "Job for kubelet.service failed because the control process exited with error code.\n"));
    assertThat(lab.run("w-1", RESTART).exitCode()).isZero();
    assertThat(lab.run("w-2", RESTART).exitCode()).as("other host unaffected").isZero();
  }

  @Test
  void testRegexMatchFailsEveryRun() throws Exception {
    lab.faults()
        .failRun(
            null,
            "/^apt-get install .*kubelet/",
            0,
            100,
            "E: Could not get lock /var/lib/dpkg/lock-frontend");
    for (String h : new String[] {"w-1", "w-2"}) {
      assertThat(lab.run(h, "sudo -n apt-get install -y kubelet=1.30.5-1.1").exitCode())
          .isEqualTo(100);
    }
    lab.faults().clear();
    assertThat(lab.run("w-1", "sudo -n apt-get install -y kubelet=1.30.6-1.1").exitCode())
        .isZero();
  }

  @Test
  void testHangForADurationAndUntilCleared() throws Exception {
    lab.faults().hang("w-1", "kubeadm version", Duration.ofMillis(300));
    long t0 = System.currentTimeMillis();
    assertThat(lab.run("w-1", "kubeadm version -o short").stdout()).isEqualTo("v1.30.6\n");
    assertThat(System.currentTimeMillis() - t0).isGreaterThanOrEqualTo(290);

    lab.faults().hang("w-2", "kubeadm upgrade node", null);
    CompletableFuture<Result> hung = CompletableFuture.supplyAsync(() -> {
      try {
        return lab.run("w-2", "sudo -n kubeadm upgrade node");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(400);
    assertThat(hung).isNotDone();
    lab.faults().clear();
    assertThat(hung.get(3, TimeUnit.SECONDS).exitCode()).isZero();
  }

  @Test
  void testDropTheConnectionMidCommand() throws Exception {
    lab.faults().dropConnection("w-1", "kubeadm upgrade node", 1);
    try (SshExec ssh = new SshExec(lab, "w-1")) {
      try {
        SshExec.Out out = ssh.exec("sudo -n kubeadm upgrade node");
        assertThat(out.exit()).as("no exit status on a dropped connection").isEqualTo(-1);
      } catch (java.io.IOException expected) {
        assertThat(expected).isNotNull();
      }
    }
    assertThat(lab.commandLog().forHost("w-1").get(0).exitCode()).isEqualTo(-1);
    try (SshExec ssh = new SshExec(lab, "w-1")) {
      assertThat(ssh.exec("sudo -n kubeadm upgrade node").exit())
          .as("only the first run drops")
          .isZero();
    }
  }

  @Test
  void testRefuseSshAndChangedHostKey() throws Exception {
    lab.faults().refuseSsh("w-1");
    assertThatThrownBy(() -> new SshExec(lab, "w-1")).isInstanceOf(ConnectException.class);
    try (SshExec ok = new SshExec(lab, "w-2")) {
      assertThat(ok.exec("hostname").stdout()).isEqualTo("w-2\n");
    }
    lab.faults().changeHostKey("w-2");
    assertThatThrownBy(() -> new SshExec(lab, "w-2"))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("Could not verify `ecdsa-sha2-nistp256` host key");
    lab.faults().clear();
    try (SshExec a = new SshExec(lab, "w-1");
        SshExec b = new SshExec(lab, "w-2")) {
      assertThat(a.exec("hostname").stdout()).isEqualTo("w-1\n");
      assertThat(b.exec("hostname").stdout()).isEqualTo("w-2\n");
    }
  }

  @Test
  void testNodeNeverReadyAfterRestart() throws Exception {
    lab.faults().neverReadyAfterRestart("w-1");
    assertThat(lab.run("w-1", RESTART).exitCode()).isZero();
    Thread.sleep(500);
    assertThat(lab.state().nodeReady("w-1")).isFalse();
    lab.faults().clear();
    await().atMost(Duration.ofSeconds(2)).until(() -> lab.state().nodeReady("w-1"));
  }

  @Test
  void testBlockPdbForever() {
    lab.faults().blockPdb("default", "web-pdb");
    String pod = lab.state()
        .read(c -> c.pods().stream()
            .filter(p -> p.getMetadata().getName().startsWith("web-"))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName());
    int code = lab.state()
        .read(c -> c.evict("default", pod, null, System.currentTimeMillis()).code());
    assertThat(code).isEqualTo(429);
    int allowed = lab.state().read(c -> c.pdbs().get(0).getStatus().getDisruptionsAllowed());
    assertThat(allowed).isZero();
    lab.faults().clear();
    int after = lab.state()
        .read(c -> c.evict("default", pod, null, System.currentTimeMillis()).code());
    assertThat(after).isEqualTo(201);
  }

  @Test
  void testLatencyOnEveryCommand() throws Exception {
    lab.faults().latency(Duration.ofMillis(150));
    long t0 = System.currentTimeMillis();
    lab.run("w-1", "hostname");
    lab.run("w-2", "hostname");
    assertThat(System.currentTimeMillis() - t0).isGreaterThanOrEqualTo(300);
    CommandRecord r = lab.commandLog().all().get(0);
    assertThat(r.endMillis() - r.startMillis()).isGreaterThanOrEqualTo(150);
  }

  @Test
  void testFaultsFromYaml() throws Exception {
    Path yaml = dir.resolve("faults.yaml");
    Files.writeString(
        yaml,
        "faults:\n"
            + "  - { host: w-2, command: \"systemctl restart kubelet\", failRun: 1, exitCode: 1, stderr: \"Job for kubelet.service failed\" }\n"
            + "  - { latency: 50ms }\n"
            + "  - { blockPdb: default/web-pdb }\n"
            + "  - { host: w-1, refuseSsh: true }\n"
            + "  - { etcdMemberDown: cp-1 }\n");
    try (LabSim other = LabSim.start(
        LabSpec.of("lab2", 1, 2, "v1.30.6", dir.resolve("lab2")).withFaultsYaml(yaml.toString()))) {
      assertThat(other.run("w-2", RESTART))
          .isEqualTo(new Result(1, "", "Job for kubelet.service failed\n"));
      assertThat(other.faults().latency()).isEqualTo(Duration.ofMillis(50));
      assertThatThrownBy(() -> new SshExec(other, "w-1")).isInstanceOf(ConnectException.class);
      assertThat(other.state().etcdMembersDown()).containsExactly("cp-1");
    }
    Files.writeString(yaml, "faults:\n  - { host: w-2, latency: soon }\n");
    assertThatThrownBy(() -> LabSim.start(LabSpec.of("lab3", 1, 1, "v1.30.6", dir.resolve("lab3"))
            .withFaultsYaml(yaml.toString())))
        .hasMessageContaining("faults[0].latency must look like 200ms, 5s, 2m or 1h, got 'soon'");
  }

  @Test
  void testCertificatesExpireSoonUntilKubeadmCertsRenewAll() throws Exception {
    lab.faults().certificatesExpireIn("cp-1", Duration.ofHours(72));
    assertThat(apiserverResidual()).isBetween(71L * 3600, 72L * 3600);
    assertThat(lab.run("cp-1", "kubeadm certs renew all").stderr())
        .as("root only, as kubeadm")
        .contains("user is not running as root");

    Result renew = lab.run("cp-1", "sudo -n kubeadm certs renew all");

    assertThat(renew.exitCode()).isZero();
    assertThat(renew.stdout())
        .startsWith("[renew] Reading configuration from the cluster...\n")
        .contains("certificate for serving the Kubernetes API renewed\n")
        .endsWith(
            "Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager,"
                + " kube-scheduler and etcd, so that they can use the new certificates.\n");
    assertThat(apiserverResidual()).isBetween(364L * 86400, 365L * 86400);
    assertThatThrownBy(() -> lab.faults().certificatesExpireIn("w-1", Duration.ofHours(1)))
        .hasMessageContaining("w-1 is not a control plane");
  }

  @Test
  void testMvMovesAStaticPodManifestOutAndBack() throws Exception {
    String manifest = "/etc/kubernetes/manifests/kube-apiserver.yaml";
    String paused = "/etc/kubernetes/bosun-paused-manifests/kube-apiserver.yaml";
    String content = lab.state().host("cp-1").files().get(manifest);
    assertThat(lab.run("cp-1", "mv " + manifest + " " + paused).stderr())
        .contains("Permission denied");

    assertThat(lab.run("cp-1", "sudo -n mv " + manifest + " " + paused).exitCode())
        .isZero();
    assertThat(lab.run("cp-1", "sudo -n test -f " + manifest).exitCode()).isEqualTo(1);
    assertThat(lab.run("cp-1", "sudo -n mv " + manifest + " " + paused))
        .isEqualTo(
            new Result(1, "", "mv: cannot stat '" + manifest + "': No such file or directory\n"));
    assertThat(lab.run("cp-1", "sudo -n mv " + paused + " " + manifest).exitCode())
        .isZero();
    assertThat(lab.state().host("cp-1").files().get(manifest)).isEqualTo(content);
  }

  @Test
  void testCertificatesExpireInFromYaml() throws Exception {
    Path yaml = dir.resolve("certs.yaml");
    Files.writeString(yaml, "faults:\n  - { host: cp-1, certificatesExpireIn: 48h }\n");
    try (LabSim other = LabSim.start(
        LabSpec.of("lab2", 1, 1, "v1.30.6", dir.resolve("lab2")).withFaultsYaml(yaml.toString()))) {
      String json =
          other.run("cp-1", "sudo -n kubeadm certs check-expiration -o json").stdout();
      long left = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(json)
          .at("/certificates/1/residualTime")
          .asLong();
      assertThat(left).isBetween(47L * 3600, 48L * 3600);
    }
  }

  private long apiserverResidual() throws Exception {
    String json =
        lab.run("cp-1", "sudo -n kubeadm certs check-expiration -o json").stdout();
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(json)
        .at("/certificates/1/residualTime")
        .asLong();
  }

  @Test
  void testLoseKubeletSettingsRewritesConfigYamlOnTheNextUpgradeOnly() throws Exception {
    String config = dev.bosun.sim.host.KubeletFiles.CONFIG;
    assertThat(lab.run("w-1", "sudo -n cat " + config).stdout())
        .contains("maxPods: 150", "systemReserved:");
    lab.faults().loseKubeletSettings("w-1");
    lab.run("w-1", "sudo -n kubeadm upgrade node");
    assertThat(lab.run("w-1", "sudo -n cat " + config).stdout())
        .doesNotContain("maxPods", "systemReserved")
        .contains("kind: KubeletConfiguration");
    assertThat(lab.run("w-1", "sudo -n cat " + dev.bosun.sim.host.KubeletFiles.CONFIG_BACKUP)
            .stdout())
        .contains("maxPods: 150");
    assertThat(lab.run("w-2", "sudo -n kubeadm upgrade node").exitCode()).isZero();
    assertThat(lab.run("w-2", "sudo -n cat " + config).stdout())
        .as("other hosts keep their settings")
        .contains("maxPods: 150");
  }
}
