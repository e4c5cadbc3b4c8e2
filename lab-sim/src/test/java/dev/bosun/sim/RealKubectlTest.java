package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.sim.LabSpec.ApiBackend;
import dev.bosun.sim.kube.KubeObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * kubectl, as a new user tries it, against the real API backend: what lab-sim's own API server refuses
 * (namespaces, scale, apply, PodDisruptionBudget columns) works here, and kubectl drain goes through the real
 * Eviction API and disruption controller.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class RealKubectlTest {

  LabSim lab;
  Path kubectl;

  @BeforeAll
  void start() throws Exception {
    RealBackend.assumeAvailable(ApiBackend.REAL);
    kubectl = Kubectl.path();
    lab = LabSim.start(LabSpec.of(
            "kubectl", 1, 2, "v1.30.6", java.nio.file.Files.createTempDirectory("real-kubectl"))
        .withApi(ApiBackend.REAL));
  }

  @AfterAll
  void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  private InteropTest.Proc kubectl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(
        List.of(kubectl.toString(), "--kubeconfig", lab.kubeconfig().toString()));
    cmd.addAll(List.of(args));
    return InteropTest.exec(cmd);
  }

  @Test
  void testWhatTheSimulatedApiRefusesWorksOnTheRealOne() throws Exception {
    InteropTest.Proc ns = kubectl("create", "namespace", "x");
    assertThat(ns.exit()).as(ns.stderr()).isZero();
    assertThat(ns.stdout()).isEqualTo("namespace/x created\n");

    InteropTest.Proc scale =
        kubectl("-n", "default", "scale", "deployment", "web", "--replicas", "5");
    assertThat(scale.exit()).as(scale.stderr()).isZero();
    assertThat(scale.stdout()).isEqualTo("deployment.apps/web scaled\n");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> lab.state()
                .read(c -> c.pods().stream()
                    .filter(p -> "web".equals(p.getMetadata().getLabels().get("app"))
                        && KubeObjects.isReady(p))
                    .count())
            == 5);

    InteropTest.Proc pdb = kubectl("get", "pdb", "-A");
    assertThat(pdb.exit()).as(pdb.stderr()).isZero();
    assertThat(pdb.stdout().lines().findFirst().orElseThrow())
        .matches(
            "NAMESPACE\\s+NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> kubectl("get", "pdb", "-A")
            .stdout()
            .lines()
            .anyMatch(l -> l.matches("default\\s+web-pdb\\s+N/A\\s+1\\s+1\\s+\\S+")));

    InteropTest.Proc apply = InteropTest.exec(List.of(
        "bash",
        "-c",
        "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: probe\\n"
            + "  namespace: x\\ndata:\\n  k: v\\n' | " + kubectl + " --kubeconfig "
            + lab.kubeconfig() + " apply -f -"));
    assertThat(apply.exit()).as(apply.stderr()).isZero();
    assertThat(apply.stdout()).isEqualTo("configmap/probe created\n");
  }

  @Test
  void testKubectlDrainEvictsThroughTheRealDisruptionController() throws Exception {
    InteropTest.Proc nodes = kubectl("get", "nodes");
    assertThat(nodes.stdout().lines().findFirst().orElseThrow())
        .matches("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION");
    assertThat(nodes.stdout().lines())
        .anyMatch(l -> l.matches("cp-1\\s+Ready\\s+control-plane\\s+\\S+\\s+v1\\.30\\.6"));
    InteropTest.Proc drain =
        kubectl("drain", "w-2", "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=90s");
    assertThat(drain.exit()).as(drain.stdout() + drain.stderr()).isZero();
    assertThat(drain.stdout()).startsWith("node/w-2 cordoned\n").endsWith("node/w-2 drained\n");
    assertThat(drain.stderr())
        .contains("Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-");
    assertThat(lab.state().nodeUnschedulable("w-2")).isTrue();
    List<String> left = lab.state()
        .read(c -> c.pods().stream()
            .filter(p -> "w-2".equals(p.getSpec().getNodeName()))
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .map(p -> p.getMetadata().getName())
            .toList());
    assertThat(left).allMatch(n -> n.startsWith("kube-proxy-"));
    assertThat(kubectl("uncordon", "w-2").stdout()).isEqualTo("node/w-2 uncordoned\n");
  }
}
