package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.sim.LabSpec.ApiBackend;
import dev.bosun.sim.kube.KubeObjects;
import dev.bosun.sim.kube.LabCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The contract between lab-sim's two API backends: the same scenarios, through the same client (fabric8 over
 * the lab's admin kubeconfig), against the simulation and against the real control plane, with the same
 * expected answers. Where they differ on purpose, docs/lab-sim.md's fidelity table says so and why.
 */
class ApiContractTest {

  @Nested
  class Sim extends Contract {
    @Override
    ApiBackend backend() {
      return ApiBackend.SIM;
    }
  }

  @Nested
  class Real extends Contract {
    @Override
    ApiBackend backend() {
      return ApiBackend.REAL;
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @Timeout(120)
  abstract static class Contract {

    LabSim lab;
    KubernetesClient kube;

    abstract ApiBackend backend();

    @BeforeAll
    void start() throws Exception {
      RealBackend.assumeAvailable(backend());
      Path dir = Files.createTempDirectory("contract-" + backend());
      lab = LabSim.start(LabSpec.of("contract", 1, 3, "v1.30.6", dir)
          .withApi(backend())
          .withNotReadyWindow(Duration.ofMillis(800))
          .withPodReadyDelay(Duration.ofMillis(300)));
      Config config = Config.fromKubeconfig(Files.readString(lab.kubeconfig()));
      config.setRequestRetryBackoffLimit(0);
      kube = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    void stop() {
      if (kube != null) {
        kube.close();
      }
      if (lab != null) {
        lab.close();
      }
    }

    @Test
    void testTheLabStartsWithItsNodesWorkloadsAndMirrorPods() {
      List<Node> nodes = kube.nodes().list().getItems();
      assertThat(nodes)
          .extracting(n -> n.getMetadata().getName())
          .containsExactlyInAnyOrder("cp-1", "w-1", "w-2", "w-3");
      assertThat(nodes)
          .allSatisfy(n ->
              assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.30.6"));
      Node cp = kube.nodes().withName("cp-1").get();
      assertThat(cp.getMetadata().getLabels()).containsKey("node-role.kubernetes.io/control-plane");
      assertThat(cp.getSpec().getTaints())
          .anySatisfy(
              t -> assertThat(t.getKey()).isEqualTo("node-role.kubernetes.io/control-plane"));
      assertThat(kube.pods()
              .inNamespace("kube-system")
              .withName("kube-apiserver-cp-1")
              .get()
              .getSpec()
              .getContainers()
              .get(0)
              .getImage())
          .isEqualTo("registry.k8s.io/kube-apiserver:v1.30.6");
      Map<String, Long> byApp = kube.pods().inAnyNamespace().list().getItems().stream()
          .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
          .collect(Collectors.groupingBy(ApiContractTest::owner, Collectors.counting()));
      assertThat(byApp)
          .containsEntry("kube-proxy", 4L)
          .containsEntry("coredns", 2L)
          .containsEntry("web", 3L)
          .containsEntry("app", 6L)
          .containsEntry("mirror", 4L);
      // workloads on workers only: control planes carry the NoSchedule taint
      assertThat(kube.pods().inAnyNamespace().list().getItems())
          .filteredOn(p -> List.of("web", "app", "coredns").contains(owner(p)))
          .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).startsWith("w-"));
    }

    @Test
    void testCordonIsAPatchOfSpecUnschedulable() {
      cordon("w-3", true);
      assertThat(lab.state().nodeUnschedulable("w-3")).isTrue();
      cordon("w-3", false);
      assertThat(lab.state().nodeUnschedulable("w-3")).isFalse();
    }

    @Test
    void testThePdbStatusIsTheDisruptionControllersArithmetic() {
      // another test may have just evicted a web pod: its replacement turns Ready, then the
      // controller recounts
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        PodDisruptionBudgetStatus s = kube.policy()
            .v1()
            .podDisruptionBudget()
            .inNamespace("default")
            .withName("web-pdb")
            .get()
            .getStatus();
        assertThat(s.getExpectedPods()).isEqualTo(3);
        assertThat(s.getDesiredHealthy()).isEqualTo(2);
        assertThat(s.getCurrentHealthy()).isEqualTo(3);
        assertThat(s.getDisruptionsAllowed()).isEqualTo(1);
      });
    }

    @Test
    void testEvictionAnswers201ThenTooManyRequestsBehindTheBudgetAnd404() {
      List<Pod> web = pods("web");
      assertThat(kube.pods()
              .inNamespace("default")
              .withName(web.get(0).getMetadata().getName())
              .evict())
          .isTrue();
      // the budget is spent until the replacement is Ready (300 ms): the second eviction is refused
      // with 429
      assertThat(kube.pods()
              .inNamespace("default")
              .withName(web.get(1).getMetadata().getName())
              .evict())
          .isFalse();
      KubernetesClientException notFound = org.junit.jupiter.api.Assertions.assertThrows(
          KubernetesClientException.class,
          () -> kube.pods().inNamespace("default").withName("no-such-pod").evict());
      assertThat(notFound.getCode()).isEqualTo(404);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> pods("web").size() == 3 && pods("web").stream().allMatch(KubeObjects::isReady));
    }

    @Test
    void testAReplacementPodAvoidsACordonedNode() {
      String node = pods("app").get(0).getSpec().getNodeName();
      cordon(node, true);
      try {
        List<String> before = names(pods("app"));
        Pod victim = pods("app").stream()
            .filter(p -> node.equals(p.getSpec().getNodeName()))
            .findFirst()
            .orElseThrow();
        kube.pods()
            .inNamespace("default")
            .withName(victim.getMetadata().getName())
            .evict();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> pods("app").size() == 6
                && pods("app").stream().allMatch(KubeObjects::isReady)
                && !names(pods("app")).containsAll(before));
        Pod replacement = pods("app").stream()
            .filter(p -> !before.contains(p.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
        assertThat(replacement.getSpec().getNodeName()).isNotEqualTo(node).startsWith("w-");
      } finally {
        cordon(node, false);
      }
    }

    @Test
    void testAKubeletRestartGivesANotReadyWindowThenReadyAtTheInstalledVersion() throws Exception {
      assertThat(lab.run("w-2", "sudo -n systemctl restart kubelet").exitCode()).isZero();
      assertThat(lab.state().nodeReady("w-2")).isFalse();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> lab.state().nodeReady("w-2"));
      Node n = kube.nodes().withName("w-2").get();
      assertThat(n.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getStatus()).isEqualTo("True");
      });
      assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.30.6");
    }

    @Test
    void testTheNeverReadyFaultHoldsANodeNotReadyAfterItsRestartUntilCleared() throws Exception {
      lab.faults().neverReadyAfterRestart("w-3");
      try {
        assertThat(lab.run("w-3", "sudo -n systemctl restart kubelet").exitCode())
            .isZero();
        Thread.sleep(2_000); // past the 800 ms window
        assertThat(lab.state().nodeReady("w-3")).isFalse();
        assertThat(kube.nodes().withName("w-3").get().getStatus().getConditions())
            .anySatisfy(
                c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=False"));
      } finally {
        lab.faults().clear();
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> lab.state().nodeReady("w-3"));
    }

    @Test
    void testTheBlockPdbFaultRefusesEveryEvictionUntilCleared() {
      lab.faults().blockPdb("default", "web-pdb");
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> disruptionsAllowed() == 0);
        String pod = pods("web").get(0).getMetadata().getName();
        int code = lab.state()
            .read(c -> c.evict("default", pod, null, System.currentTimeMillis()).code());
        assertThat(code).isEqualTo(429);
      } finally {
        lab.faults().clear();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> disruptionsAllowed() == 1);
    }

    /** As kubectl cordon does: a merge patch, no resourceVersion, so kwok's node heartbeats never make it conflict. */
    private void cordon(String node, boolean unschedulable) {
      kube.nodes()
          .withName(node)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"unschedulable\":" + (unschedulable ? "true" : "null") + "}}");
    }

    private int disruptionsAllowed() {
      return kube.policy()
          .v1()
          .podDisruptionBudget()
          .inNamespace("default")
          .withName("web-pdb")
          .get()
          .getStatus()
          .getDisruptionsAllowed();
    }

    /** Pods of app=NAME that are not terminating. */
    List<Pod> pods(String app) {
      return kube.pods().inAnyNamespace().withLabel("app", app).list().getItems().stream()
          .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
          .toList();
    }

    static List<String> names(List<Pod> pods) {
      return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }
  }

  /** The workload a pod belongs to: its app / k8s-app label, or "mirror" for a control plane's static pods. */
  static String owner(Pod p) {
    if (LabCluster.isMirror(p)) {
      return "mirror";
    }
    Map<String, String> labels =
        p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
    return labels.getOrDefault("app", labels.getOrDefault("k8s-app", "?"));
  }
}
