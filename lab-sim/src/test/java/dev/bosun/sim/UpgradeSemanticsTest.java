package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.sim.shell.Result;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules that make the sim worth testing against: version policy, repositories, holds, kubelet restarts, idempotency. */
class UpgradeSemanticsTest {

  private static final String REPO_131 =
      "echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] "
          + "https://pkgs.k8s.io/core:/stable:/v1.31/deb/ /' | sudo -n tee /etc/apt/sources.list.d/kubernetes.list > /dev/null "
          + "&& sudo -n apt-get update -q";
  private static final String INSTALL =
      "sudo -n apt-mark unhold %1$s && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y "
          + "--allow-change-held-packages '%1$s=%2$s' && sudo -n apt-mark hold %1$s";
  private static final String RESTART =
      "sudo -n systemctl daemon-reload && sudo -n systemctl restart kubelet";

  @TempDir
  Path dir;

  LabSim lab;

  @BeforeEach
  void start() throws Exception {
    lab = LabSim.start(
        LabSpec.of("lab1", 2, 1, "v1.30.6", dir).withNotReadyWindow(Duration.ofMillis(1500)));
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private Result run(String host, String command) throws InterruptedException {
    return lab.run(host, command);
  }

  @Test
  void testApplyRefusesAVersionAboveKubeadm() throws Exception {
    Result r = run("cp-1", "sudo -n kubeadm upgrade apply 'v1.31.2' -y");
    assertThat(r.exitCode()).isOne();
    assertThat(r.stderr())
        .isEqualTo(
            "[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n"
                + "\t- Specified version to upgrade to \"v1.31.2\" is higher than the kubeadm version \"v1.30.6\". "
                + "Upgrade kubeadm first using the tool you used to install kubeadm\n\n"
                + "To see the stack trace of this error execute with --v=5 or higher\n");
    assertThat(lab.state().clusterVersion()).isEqualTo("v1.30.6");
  }

  @Test
  void testPackagesOfAnotherMinorNeedTheRepositorySwitch() throws Exception {
    assertThat(run("cp-1", String.format(INSTALL, "kubeadm", "1.31.2-1.1")))
        .isEqualTo(new Result(
            100,
            "Canceled hold on kubeadm.\nReading package lists...\nBuilding dependency tree...\nReading state information...\n",
            "E: Version '1.31.2-1.1' for 'kubeadm' was not found\n"));
    assertThat(run("cp-1", "apt-cache madison kubeadm").stdout()).doesNotContain("1.31.");
    assertThat(run("cp-1", REPO_131).exitCode()).isZero();
    assertThat(run("cp-1", "apt-cache madison kubeadm").stdout())
        .contains(
            "   kubeadm | 1.31.2-1.1 | https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages");
    assertThat(run("cp-1", String.format(INSTALL, "kubelet", "1.30.6-1.1")).stdout())
        .as("the installed version stays installable from dpkg's status")
        .contains("kubelet is already the newest version (1.30.6-1.1).");
    assertThat(run("cp-1", String.format(INSTALL, "kubelet", "1.30.5-1.1")).stderr())
        .isEqualTo("E: Version '1.30.5-1.1' for 'kubelet' was not found\n");
  }

  @Test
  void testHeldPackagesNeedAllowChangeHeld() throws Exception {
    run("cp-1", REPO_131);
    Result held = run(
        "cp-1", "sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y 'kubeadm=1.31.2-1.1'");
    assertThat(held.exitCode()).isEqualTo(100);
    assertThat(held.stdout()).contains("The following held packages will be changed:\n  kubeadm\n");
    assertThat(held.stderr())
        .isEqualTo(
            "E: Held packages were changed and -y was used without --allow-change-held-packages.\n");
    assertThat(lab.state().installedPackage("cp-1", "kubeadm")).isEqualTo("1.30.6-1.1");
    Result ok = run("cp-1", String.format(INSTALL, "kubeadm", "1.31.2-1.1"));
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.stdout())
        .contains(
            "Canceled hold on kubeadm.\n",
            "Unpacking kubeadm (1.31.2-1.1) over (1.30.6-1.1) ...\n",
            "kubeadm set on hold.\n");
    assertThat(lab.state().holds("cp-1")).contains("kubeadm");
    Result again = run("cp-1", String.format(INSTALL, "kubeadm", "1.31.2-1.1"));
    assertThat(again.exitCode()).isZero();
    assertThat(again.stdout()).contains("kubeadm is already the newest version (1.31.2-1.1).\n");
  }

  @Test
  void testApplyRefusesMinorSkipsAndDowngrades() throws Exception {
    run("cp-1", REPO_131);
    run("cp-1", String.format(INSTALL, "kubeadm", "1.31.2-1.1"));
    Result skip = run("cp-1", "sudo -n kubeadm upgrade apply 'v1.32.0' -y");
    assertThat(skip.exitCode()).isOne();
    assertThat(skip.stderr())
        .contains(
            "- Specified version to upgrade to \"v1.32.0\" is too high; kubeadm can upgrade only 1 minor version at a time");
    Result down = run("cp-1", "sudo -n kubeadm upgrade apply 'v1.28.0' -y");
    assertThat(down.exitCode()).isOne();
    assertThat(down.stderr())
        .contains("is too low; kubeadm can downgrade only 1 minor version at a time");
    Result patchDown = run("cp-1", "sudo -n kubeadm upgrade apply 'v1.30.2' -y");
    assertThat(patchDown.exitCode()).isOne();
    assertThat(patchDown.stderr())
        .contains(
            "Downgrades are not supported yet", "Can be bypassed if you pass the --force flag");
    assertThat(run("cp-1", "sudo -n kubeadm upgrade apply 'v1.31.2'").exitCode())
        .as("no -y and no TTY")
        .isOne();
    assertThat(lab.state().clusterVersion()).isEqualTo("v1.30.6");
  }

  @Test
  void testFullControlPlaneAndWorkerUpgradeIsIdempotent() throws Exception {
    run("cp-1", REPO_131);
    run("cp-1", String.format(INSTALL, "kubeadm", "1.31.2-1.1"));
    Result plan = run("cp-1", "sudo -n kubeadm upgrade plan -o json");
    JsonNode p = new ObjectMapper().readTree(plan.stdout());
    assertThat(p.at("/availableUpgrades/0/description").asText()).isEqualTo("stable version");
    assertThat(p.at("/availableUpgrades/0/components").findValuesAsText("name"))
        .contains("kubelet", "kube-apiserver", "kubeadm", "etcd");

    for (int i = 0; i < 2; i++) {
      Result apply = run("cp-1", "sudo -n kubeadm upgrade apply 'v1.31.2' -y");
      assertThat(apply.exitCode()).isZero();
      assertThat(apply.stdout())
          .contains(
              "[upgrade] SUCCESS! A control plane node of your cluster was upgraded to \"v1.31.2\".");
    }
    assertThat(lab.state().clusterVersion()).isEqualTo("v1.31.2");
    assertThat(lab.state().staticPodVersion("cp-1")).isEqualTo("v1.31.2");
    assertThat(lab.state().staticPodVersion("cp-2")).isEqualTo("v1.30.6");
    assertThat(run("cp-1", "sudo -n cat /etc/kubernetes/manifests/kube-apiserver.yaml")
            .stdout())
        .contains("image: registry.k8s.io/kube-apiserver:v1.31.2\n");
    String image = lab.state()
        .read(c -> c.pod("kube-system", "kube-apiserver-cp-1")
            .getSpec()
            .getContainers()
            .get(0)
            .getImage());
    assertThat(image).isEqualTo("registry.k8s.io/kube-apiserver:v1.31.2");
    assertThat(run("cp-1", "sudo -n kubeadm upgrade plan -o json").stdout())
        .as("up to date now")
        .isEmpty();

    // A secondary control plane needs its own kubeadm first.
    Result early = run("cp-2", "sudo -n kubeadm upgrade node");
    assertThat(early.exitCode()).isOne();
    run("cp-2", REPO_131);
    run("cp-2", String.format(INSTALL, "kubeadm", "1.31.2-1.1"));
    for (int i = 0; i < 2; i++) {
      assertThat(run("cp-2", "sudo -n kubeadm upgrade node").exitCode()).isZero();
    }
    assertThat(lab.state().staticPodVersion("cp-2")).isEqualTo("v1.31.2");

    // kubelet: the node reports the new version only after install AND restart, after a NotReady
    // window.
    run("w-1", REPO_131);
    run("w-1", String.format(INSTALL, "kubeadm", "1.31.2-1.1"));
    assertThat(run("w-1", "sudo -n kubeadm upgrade node").stdout())
        .contains("[upgrade] Skipping phase. Not a control plane node.");
    assertThat(run("w-1", String.format(INSTALL, "kubelet", "1.31.2-1.1")).exitCode())
        .isZero();
    assertThat(run("w-1", "kubelet --version").stdout()).isEqualTo("Kubernetes v1.31.2\n");
    Thread.sleep(150);
    assertThat(lab.state().nodeKubeletVersion("w-1")).isEqualTo("v1.30.6");
    assertThat(lab.state().nodeReady("w-1")).isTrue();
    Result restart = run("w-1", RESTART);
    assertThat(restart).isEqualTo(new Result(0, "", ""));
    assertThat(lab.state().nodeReady("w-1")).isFalse();
    assertThat(lab.state().nodeKubeletVersion("w-1")).isEqualTo("v1.30.6");
    await().atMost(Duration.ofSeconds(6)).until(() -> lab.state().nodeReady("w-1"));
    assertThat(lab.state().nodeKubeletVersion("w-1")).isEqualTo("v1.31.2");
    assertThat(run("w-1", RESTART).exitCode()).isZero();
    await().atMost(Duration.ofSeconds(6)).until(() -> lab.state().nodeReady("w-1"));
    assertThat(lab.state().nodeKubeletVersion("w-1")).isEqualTo("v1.31.2");
  }

  @Test
  void testRestartWithoutDaemonReloadWarnsLikeSystemd() throws Exception {
    run("w-1", REPO_131);
    run("w-1", String.format(INSTALL, "kubelet", "1.31.2-1.1"));
    Result r = run("w-1", "sudo -n systemctl restart kubelet");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stderr())
        .startsWith(
            "Warning: The unit file, source configuration file or drop-ins of kubelet.service changed on disk.");
  }

  @Test
  void testInitJoinTokenAndReset() throws Exception {
    Result token = run("cp-1", "sudo -n kubeadm token create --print-join-command");
    assertThat(token.exitCode()).isZero();
    String join = token.stdout().trim();
    assertThat(join)
        .matches(
            "kubeadm join 127\\.0\\.0\\.1:\\d+ --token [a-z0-9]{6}\\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:[0-9a-f]{64}");
    assertThat(run("w-1", "sudo -n " + join).exitCode()).as("already joined").isEqualTo(2);
    Result reset = run("w-1", "sudo -n kubeadm reset -f");
    assertThat(reset.exitCode()).isZero();
    assertThat(reset.stdout())
        .contains(
            "The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d");
    assertThat(run("w-1", "sudo -n kubeadm join 127.0.0.1:1 --token abcdef.0123456789abcdef")
            .exitCode())
        .isOne();
    assertThat(run("w-1", "sudo -n " + join).stdout())
        .contains("This node has joined the cluster:");
    await().atMost(Duration.ofSeconds(6)).until(() -> lab.state().nodeReady("w-1"));
    Result upload = run("cp-1", "sudo -n kubeadm init phase upload-certs --upload-certs");
    String key = upload.stdout().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(key).matches("[0-9a-f]{64}");
    String cpJoin = run(
            "cp-2", "sudo -n kubeadm token create --print-join-command --certificate-key " + key)
        .stdout()
        .trim();
    assertThat(cpJoin).endsWith("--control-plane --certificate-key " + key);
    assertThat(run("cp-2", "sudo -n kubeadm reset -f").exitCode()).isZero();
    // A wrong key: the Secret is there but does not decrypt with it (kubeadm's wording,
    // kubernetes/kubeadm#1510).
    assertThat(run("cp-2", "sudo -n " + cpJoin.replace(key, "f".repeat(64))).stderr())
        .contains(
            "error decoding secret data with provided key: cipher: message authentication failed");
    assertThat(run("cp-2", "sudo -n " + cpJoin).stdout())
        .contains("a new control plane instance was created");
    assertThat(lab.state().staticPodVersion("cp-2")).isEqualTo("v1.30.6");
    assertThat(run("cp-1", "sudo -n kubeadm init --upload-certs").exitCode())
        .as("already initialised")
        .isEqualTo(2);
  }
}
