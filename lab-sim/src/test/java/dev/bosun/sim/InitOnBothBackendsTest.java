package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.sim.LabSpec.ApiBackend;
import dev.bosun.sim.shell.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What kubeadm init/join and kubectl on a control plane do to the lab's API, on both backends: the Node's arch from
 * its host, labels, taints, a CNI manifest's DaemonSet, node deletion.
 */
class InitOnBothBackendsTest {

  static final String KUBECTL = "sudo -n kubectl --kubeconfig /etc/kubernetes/admin.conf ";
  static final String FLANNEL =
      "'https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml'";

  @ParameterizedTest(name = "{0}")
  @EnumSource(ApiBackend.class)
  void testInitJoinAndKubectlOnTheLabsApi(ApiBackend backend) throws Exception {
    RealBackend.assumeAvailable(backend);
    Path dir = Files.createTempDirectory("init-" + backend);
    try (LabSim lab = LabSim.start(LabSpec.forInit("init", 1, 1, "v1.30.6", dir)
        .withApi(backend)
        .withNotReadyWindow(Duration.ofMillis(300)))) {
      synchronized (lab.state().lock()) {
        lab.state().machines().create("cp-1", "arm64");
        lab.state().machines().create("w-1", "amd64");
      }
      for (String[] h : new String[][] {{"cp-1", "arm64"}, {"w-1", "amd64"}}) {
        ok(lab, h[0], BareHostKubeadmTest.KEY);
        ok(lab, h[0], String.format(BareHostKubeadmTest.REPO, h[1]));
        ok(lab, h[0], BareHostKubeadmTest.PACKAGES);
        for (String c : BareHostKubeadmTest.RUNTIME) {
          ok(lab, h[0], c);
        }
        assertThat(lab.run(h[0], BareHostKubeadmTest.SYSCTL, "net.ipv4.ip_forward = 1\n")
                .exitCode())
            .isZero();
        ok(lab, h[0], "sudo -n sysctl --system");
      }
      ok(lab, "cp-1", "sudo -n kubeadm init --upload-certs");
      ok(
          lab,
          "w-1",
          "sudo -n "
              + lab.run("cp-1", "sudo -n kubeadm token create --print-join-command")
                  .stdout()
                  .trim());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lab.state().nodeReady("cp-1") && lab.state().nodeReady("w-1"));
      Node cp = lab.state().read(c -> c.node("cp-1"));
      assertThat(cp.getMetadata().getLabels())
          .containsEntry("kubernetes.io/arch", "arm64")
          .containsKey("node-role.kubernetes.io/control-plane");
      assertThat(cp.getStatus().getNodeInfo().getArchitecture()).isEqualTo("arm64");

      assertThat(lab.run("cp-1", KUBECTL + "get -f " + FLANNEL + " -o name").exitCode())
          .isOne();
      assertThat(lab.run("cp-1", KUBECTL + "apply -f " + FLANNEL).stdout())
          .contains("daemonset.apps/kube-flannel-ds created");
      assertThat(lab.run("cp-1", KUBECTL + "get -f " + FLANNEL + " -o name").stdout())
          .contains("daemonset.apps/kube-flannel-ds");
      assertThat(lab.run("cp-1", KUBECTL + "apply -f " + FLANNEL).stdout())
          .contains("daemonset.apps/kube-flannel-ds unchanged");

      ok(
          lab,
          "cp-1",
          KUBECTL + "label node w-1 'node-role.kubernetes.io/worker=' 'tier=infra' --overwrite");
      ok(lab, "cp-1", KUBECTL + "taint node w-1 'dedicated=infra:NoSchedule' --overwrite");
      Result again = lab.run("cp-1", KUBECTL + "taint node w-1 'dedicated=infra:NoSchedule'");
      assertThat(again.stderr())
          .isEqualTo(
              "error: node w-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n");
      Map<String, String> labels =
          lab.state().read(c -> c.node("w-1").getMetadata().getLabels());
      assertThat(labels)
          .containsEntry("tier", "infra")
          .containsEntry("node-role.kubernetes.io/worker", "");
      List<Taint> taints = lab.state().read(c -> c.node("w-1").getSpec().getTaints());
      assertThat(taints)
          .extracting(Taint::getKey, Taint::getValue, Taint::getEffect)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("dedicated", "infra", "NoSchedule"));

      ok(lab, "w-1", "sudo -n kubeadm reset -f");
      assertThat(lab.run("cp-1", KUBECTL + "delete node w-1 --ignore-not-found").stdout())
          .isEqualTo("node \"w-1\" deleted\n");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> lab.state().read(c -> c.node("w-1")) == null);
      assertThat(lab.run("cp-1", KUBECTL + "delete node w-1 --ignore-not-found").stdout())
          .isEmpty();
    }
  }

  private static void ok(LabSim lab, String host, String command) throws InterruptedException {
    Result r = lab.run(host, command);
    assertThat(r.exitCode()).as(host + ": " + command + "\n" + r.stderr()).isZero();
  }
}
