package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bosun.sim.kube.Eviction;
import dev.bosun.sim.kube.LabCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated API server as fabric8 and a raw HTTPS client see it: discovery, nodes, pods, eviction, PDBs, controllers. */
class KubernetesApiTest {

  @TempDir
  Path dir;

  LabSim lab;
  KubernetesClient client;
  RawApi raw;

  @BeforeEach
  void start() throws Exception {
    lab = LabSim.start(
        LabSpec.of("lab1", 1, 3, "v1.30.6", dir).withNotReadyWindow(Duration.ofMillis(300)));
    Config config = new ConfigBuilder(Config.fromKubeconfig(Files.readString(lab.kubeconfig())))
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout(5000)
        .build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    raw = new RawApi(lab.kubeconfig());
  }

  @AfterEach
  void stop() {
    client.close();
    lab.close();
  }

  private List<Pod> webPods() {
    return client.pods().inNamespace("default").withLabel("app", "web").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  @Test
  void testVersionNodesAndMirrorPods() {
    assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.30.6");
    List<Node> nodes = client.nodes().list().getItems();
    assertThat(nodes)
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("cp-1", "w-1", "w-2", "w-3");
    Node cp = nodes.get(0);
    assertThat(cp.getMetadata().getLabels()).containsKey("node-role.kubernetes.io/control-plane");
    assertThat(cp.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.30.6");
    assertThat(cp.getStatus().getConditions())
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    Pod mirror =
        client.pods().inNamespace("kube-system").withName("kube-apiserver-cp-1").get();
    assertThat(mirror.getMetadata().getAnnotations()).containsKey("kubernetes.io/config.mirror");
    assertThat(mirror.getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.k8s.io/kube-apiserver:v1.30.6");
  }

  @Test
  void testPodsByNodeFieldSelectorWithOwners() {
    List<Pod> onW1 =
        client.pods().inAnyNamespace().withField("spec.nodeName", "w-1").list().getItems();
    assertThat(onW1).isNotEmpty().allMatch(p -> p.getSpec().getNodeName().equals("w-1"));
    assertThat(onW1)
        .anyMatch(p -> p.getMetadata().getOwnerReferences().get(0).getKind().equals("DaemonSet"));
    assertThat(onW1)
        .anyMatch(p -> p.getMetadata().getOwnerReferences().get(0).getKind().equals("ReplicaSet"));
    assertThat(client.pods().inAnyNamespace().list().getItems().stream()
            .filter(p -> p.getMetadata().getName().startsWith("app-")))
        .allMatch(p -> p.getSpec().getVolumes().get(0).getEmptyDir() != null);
  }

  @Test
  void testPdbArithmetic() {
    PodDisruptionBudget pdb = client
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace("default")
        .withName("web-pdb")
        .get();
    assertThat(pdb.getStatus().getExpectedPods()).isEqualTo(3);
    assertThat(pdb.getStatus().getDesiredHealthy()).isEqualTo(2);
    assertThat(pdb.getStatus().getCurrentHealthy()).isEqualTo(3);
    assertThat(pdb.getStatus().getDisruptionsAllowed()).isEqualTo(1);
  }

  @Test
  void testEvictionHonoursTheBudgetAndGracePeriod() throws Exception {
    // Replacements stay Pending while every worker is cordoned, so the budget cannot recover
    // mid-test.
    for (String w : List.of("w-1", "w-2", "w-3")) {
      client
          .nodes()
          .withName(w)
          .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"unschedulable\":true}}");
    }
    List<Pod> web = webPods();
    String first = web.get(0).getMetadata().getName();
    String second = web.get(1).getMetadata().getName();
    RawApi.Reply ok = raw.post(
        "/api/v1/namespaces/default/pods/" + first + "/eviction",
        RawApi.eviction("default", first));
    assertThat(ok.code()).isEqualTo(201);
    Pod terminating = client.pods().inNamespace("default").withName(first).get();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();

    RawApi.Reply blocked = raw.post(
        "/api/v1/namespaces/default/pods/" + second + "/eviction",
        RawApi.eviction("default", second));
    assertThat(blocked.code()).isEqualTo(429);
    assertThat(blocked.body().get("reason").asText()).isEqualTo("TooManyRequests");
    assertThat(blocked.body().get("message").asText())
        .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
    assertThat(blocked.body().at("/details/causes/0/reason").asText())
        .isEqualTo("DisruptionBudget");
    assertThat(blocked.body().at("/details/causes/0/message").asText())
        .isEqualTo("The disruption budget web-pdb needs 2 healthy pods and has 2 currently");

    RawApi.Reply missing = raw.post(
        "/api/v1/namespaces/default/pods/nope/eviction", RawApi.eviction("default", "nope"));
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.body().get("reason").asText()).isEqualTo("NotFound");
    assertThat(missing.body().get("message").asText()).isEqualTo("pods \"nope\" not found");

    // The pod is gone after its grace period (1 s); once a node takes the replacement, the budget
    // frees up.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.pods().inNamespace("default").withName(first).get() == null);
    assertThat(webPods()).filteredOn(p -> p.getSpec().getNodeName() == null).hasSize(1);
    client
        .nodes()
        .withName("w-3")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":null}}");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace("default")
                .withName("web-pdb")
                .get()
                .getStatus()
                .getDisruptionsAllowed()
            == 1);
    assertThat(client.pods().inNamespace("default").withName(second).evict()).isTrue();

    // Only accepted evictions are logged: the 429 and the 404 are not.
    String firstNode = web.get(0).getSpec().getNodeName();
    String secondNode = web.get(1).getSpec().getNodeName();
    List<Eviction> evictions = lab.state().read(LabCluster::evictions);
    assertThat(evictions)
        .extracting(e -> e.pod() + "@" + e.node() + " pdb=" + e.pdb() + " grace=" + e.graceMillis())
        .containsExactly(
            first + "@" + firstNode + " pdb=web-pdb grace=1000",
            second + "@" + secondNode + " pdb=web-pdb grace=1000");
  }

  @Test
  void testFabric8CordonAndReschedulingAvoidsCordonedNodes() {
    client.nodes().withName("w-1").edit(n -> {
      n.getSpec().setUnschedulable(true);
      return n;
    });
    assertThat(lab.state().nodeUnschedulable("w-1")).isTrue();
    client
        .nodes()
        .withName("w-2")
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"unschedulable\":true}}");
    assertThat(lab.state().nodeUnschedulable("w-2")).isTrue();
    client
        .nodes()
        .withName("w-2")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"lab\":\"yes\"}}}");
    assertThat(client.nodes().withName("w-2").get().getMetadata().getLabels())
        .containsEntry("lab", "yes");

    for (Pod p :
        client.pods().inAnyNamespace().withField("spec.nodeName", "w-1").list().getItems()) {
      if (p.getMetadata().getOwnerReferences().get(0).getKind().equals("ReplicaSet")
          && !p.getMetadata().getName().startsWith("web")) {
        assertThat(client
                .pods()
                .inNamespace(p.getMetadata().getNamespace())
                .withName(p.getMetadata().getName())
                .evict())
            .isTrue();
      }
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() ->
            client
                .pods()
                .inAnyNamespace()
                .withField("spec.nodeName", "w-1")
                .list()
                .getItems()
                .stream()
                .allMatch(
                    p -> p.getMetadata().getOwnerReferences().get(0).getKind().equals("DaemonSet")
                        || p.getMetadata().getName().startsWith("web")));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client
                .apps()
                .deployments()
                .inNamespace("default")
                .withName("app")
                .get()
                .getStatus()
                .getReadyReplicas()
            == 6);
    // Replacements went to the only schedulable node: none on w-1 (drained) and none new on w-2
    // (cordoned).
    assertThat(
            client.pods().inNamespace("default").withLabel("app", "app").list().getItems())
        .extracting(p -> p.getSpec().getNodeName())
        .doesNotContain("w-1")
        .filteredOn("w-3"::equals)
        .hasSize(4);
  }

  @Test
  void testJsonPatchAndErrors() throws Exception {
    RawApi.Reply r = raw.patch(
        "/api/v1/nodes/w-3",
        "application/json-patch+json",
        "[{\"op\":\"add\",\"path\":\"/spec/unschedulable\",\"value\":true},{\"op\":\"add\",\"path\":\"/metadata/annotations/bosun~1drain\",\"value\":\"x\"}]");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.body().at("/spec/unschedulable").asBoolean()).isTrue();
    assertThat(r.body().at("/metadata/annotations/bosun~1drain").asText()).isEqualTo("x");
    assertThat(
            raw.patch("/api/v1/nodes/w-3", "application/apply-patch+yaml", "{}").code())
        .isEqualTo(415);
    assertThat(raw.get("/api/v1/nodes/nope").body().get("reason").asText()).isEqualTo("NotFound");
    assertThat(raw.get("/readyz").code()).isEqualTo(200);
    assertThat(raw.get("/apis/policy/v1").body().toString()).contains("poddisruptionbudgets");
    assertThatThrownBy(() -> client.nodes().withName("nope").edit(n -> n))
        .isInstanceOf(KubernetesClientException.class);
  }
}
