package dev.bosun.activities.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.Failures;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.ClusterState;
import dev.bosun.workflows.activities.ControlPlaneHealth;
import dev.bosun.workflows.activities.DrainPlan;
import dev.bosun.workflows.activities.EvictionRequest;
import dev.bosun.workflows.activities.EvictionRound;
import dev.bosun.workflows.activities.KubernetesActivities;
import dev.bosun.workflows.activities.NodeState;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.activities.StaticPod;
import dev.bosun.workflows.drain.DrainRules;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** KubernetesActivitiesImpl over real HTTP against an in-memory API (one server and client; state reset per test). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesActivitiesTest {

  static final KubeVersion V1_30_6 = KubeVersion.parse("v1.30.6");

  @TempDir
  static Path dir;

  FakeApiServer api;
  SshPool ssh;
  KubeClients clients;
  KubernetesActivitiesImpl impl;
  ClusterTarget cluster;
  TestActivityEnvironment env;
  KubernetesActivities activities;
  final List<String> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void fixtures() {
    api.reset();
    heartbeats.clear();
    api.addNode("cp-1", true, "v1.30.6", true);
    api.addNode("w-1", false, "v1.30.6", true);
    for (String c : KubernetesActivitiesImpl.CONTROL_PLANE_COMPONENTS) {
      api.addStaticPod(c, "cp-1", c.equals("etcd") ? "3.5.15-0" : "v1.30.6", true);
    }
  }

  @BeforeAll
  void start() throws Exception {
    api = new FakeApiServer();
    ssh = new SshPool(ActivitySettings.defaults());
    clients = new KubeClients(ssh, Duration.ofSeconds(10));
    impl = new KubernetesActivitiesImpl(clients, Duration.ofSeconds(10));
    cluster = new ClusterTarget(
        "lab1", "127.0.0.1:6443", null, api.writeKubeconfig(dir).toString());
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(impl);
    env.setActivityHeartbeatListener(String.class, heartbeats::add);
    activities = env.newActivityStub(
        KubernetesActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setHeartbeatTimeout(Duration.ofMillis(1500))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  @AfterAll
  void stop() {
    env.close();
    impl.close();
    clients.close();
    ssh.close();
    api.close();
  }

  @Test
  void readsVersionNodesStaticPodsAndEtcdHealth() {
    ClusterState state = impl.readClusterState(cluster);
    assertEquals("v1.30.6", state.apiServerVersion());
    assertEquals(new NodeState("cp-1", "v1.30.6", true, false, true), state.node("cp-1"));
    assertEquals(new NodeState("w-1", "v1.30.6", true, false, false), state.node("w-1"));
    assertTrue(
        state.staticPods().contains(new StaticPod("cp-1", "kube-apiserver", "v1.30.6", true)));
    assertTrue(state.staticPods().contains(new StaticPod("cp-1", "etcd", "3.5.15-0", true)));
    assertTrue(state.etcdHealthy());
    api.addStaticPod("etcd", "cp-1", "3.5.15-0", false);
    assertFalse(impl.readClusterState(cluster).etcdHealthy());
  }

  /** 401/403 will not heal by retrying (wrong credentials or RBAC): not retried. Anything else may: retried. */
  @ParameterizedTest(name = "an API answer {0} fails the call {1}")
  @CsvSource({
    "401, not retryable",
    "403, not retryable",
    "500, retryable",
    "503, retryable",
    "409, retryable",
    "502, retryable"
  })
  void apiFailuresAreRetriedExceptUnauthorizedAndForbidden(int code, String expected) {
    api.nodesOverride = code;
    ApplicationFailure f =
        assertThrows(ApplicationFailure.class, () -> impl.uncordon(cluster, "w-1"));
    assertEquals(Failures.KUBE_API, f.getType());
    assertEquals(expected.equals("not retryable"), f.isNonRetryable(), f.getMessage());
    assertTrue(
        f.getOriginalMessage().contains("(" + code + ")"),
        "names the status: " + f.getOriginalMessage());
  }

  @ParameterizedTest(name = "an eviction answered {0} fails the round, not retried")
  @ValueSource(ints = {401, 403})
  void evictionRefusedByAuthorizationIsNotRetried(int code) {
    api.addPod("default", "web-1", "w-1", "ReplicaSet", Map.of("app", "web"));
    api.evictionOverride = code;
    DrainOptions options = DrainOptions.defaults();
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> impl.evictPods(new EvictionRequest(
            cluster,
            "w-1",
            options,
            List.of(new PodRef("default", "web-1", -1)),
            Duration.ofSeconds(5))));
    assertEquals(Failures.KUBE_API, f.getType());
    assertTrue(f.isNonRetryable(), f.getMessage());
  }

  @Test
  void cordonAndUncordonAreIdempotent() {
    assertFalse(impl.cordon(cluster, "w-1").wasCordoned());
    assertTrue(impl.cordon(cluster, "w-1").wasCordoned());
    assertEquals(1, api.count("PATCH /api/v1/nodes/w-1"), "the second cordon changes nothing");
    assertTrue(impl.readClusterState(cluster).node("w-1").unschedulable());
    impl.uncordon(cluster, "w-1");
    impl.uncordon(cluster, "w-1");
    assertEquals(2, api.count("PATCH /api/v1/nodes/w-1"), "the second uncordon changes nothing");
    assertFalse(impl.readClusterState(cluster).node("w-1").unschedulable());
    ApplicationFailure f =
        assertThrows(ApplicationFailure.class, () -> impl.cordon(cluster, "nope"));
    assertEquals(Failures.NODE_NOT_FOUND, f.getType());
  }

  @Test
  void planDrainClassifiesThePodsOnTheNode() {
    api.addPod("default", "web-abc", "w-1", "ReplicaSet", Map.of("app", "web"));
    api.addPod("kube-system", "fluentd-x", "w-1", "DaemonSet", Map.of("app", "fluentd"));
    api.addPod("default", "bare", "w-1", null, Map.of());
    api.addPod("default", "elsewhere", "cp-1", "ReplicaSet", Map.of());
    DrainPlan strict = impl.planDrain(
        cluster,
        "w-1",
        new DrainOptions(
            Duration.ofMinutes(10), -1, true, false, false, null, false, Duration.ZERO));
    assertEquals(List.of(new PodRef("default", "web-abc", 30)), strict.toEvict());
    assertEquals(
        List.of(
            DrainRules.DAEMONSET_REFUSAL + ": kube-system/fluentd-x",
            DrainRules.UNMANAGED_REFUSAL + ": default/bare"),
        strict.refusals().stream()
            .sorted((a, b) -> a.startsWith("cannot delete Daemon") ? -1 : 1)
            .toList());
    DrainPlan defaults = impl.planDrain(cluster, "w-1", DrainOptions.defaults());
    assertEquals(1, defaults.refusals().size());
    assertEquals(1, defaults.skipped().size());
    ApplicationFailure bad = assertThrows(
        ApplicationFailure.class,
        () -> impl.planDrain(
            cluster,
            "w-1",
            new DrainOptions(
                Duration.ofMinutes(10),
                -1,
                true,
                true,
                true,
                "app in (web)",
                false,
                Duration.ZERO)));
    assertEquals(Failures.INVALID_INPUT, bad.getType());
  }

  @Test
  void evictionRoundReportsPdbBlockersInHeartbeatsAndResult() {
    api.addPod("default", "web-abc", "w-1", "ReplicaSet", Map.of("app", "web"));
    api.addPod("default", "web-def", "w-1", "ReplicaSet", Map.of("app", "web"));
    api.addPod("default", "api-1", "w-1", "ReplicaSet", Map.of("app", "api"));
    api.addPod("default", "api-2", "w-1", "ReplicaSet", Map.of("app", "api"));
    api.addPdb("default", "web-pdb", Map.of("app", "web"), 0);
    List<PodRef> pods = impl.planDrain(cluster, "w-1", DrainOptions.defaults()).toEvict();
    EvictionRound round = activities.evictPods(
        new EvictionRequest(cluster, "w-1", DrainOptions.defaults(), pods, Duration.ofSeconds(3)));
    assertEquals(
        List.of("api-1", "api-2"),
        round.evicted().stream().map(PodRef::name).sorted().toList());
    assertEquals(
        List.of("web-abc", "web-def"),
        round.remaining().stream().map(PodRef::name).sorted().toList());
    assertTrue(round.terminating().isEmpty());
    assertEquals(1, round.blockers().size());
    PdbBlocker b = round.blockers().get(0);
    assertEquals("default/web-pdb", b.namespace() + "/" + b.name());
    assertEquals(List.of("web-abc", "web-def"), b.pods().stream().sorted().toList());
    assertEquals("Cannot evict pod as it would violate the pod's disruption budget.", b.message());
    assertTrue(
        heartbeats.stream()
            .anyMatch(
                h -> h.matches(
                    "2 pods blocked by PDB default/web-pdb: web-(abc|def), web-(abc|def); 2 evicted, 0 terminating")),
        "heartbeats: " + heartbeats);
    long abc = api.count("POST /api/v1/namespaces/default/pods/web-abc/eviction");
    long def = api.count("POST /api/v1/namespaces/default/pods/web-def/eviction");
    // both tried once; then only the first pod behind the PDB asks again (one request per PDB),
    // after 100, 200, 400,
    // 800 ms, then every second: 5 or 6 retries in the 3 s round, not one per 100 ms tick
    assertTrue(
        abc >= 1 && def >= 1 && abc + def >= 5,
        "429s are retried: web-abc " + abc + ", web-def " + def);
    assertTrue(
        Math.max(abc, def) <= 8, "PDB retries back off: web-abc " + abc + ", web-def " + def);
    assertTrue(
        Math.min(abc, def) == 1,
        "only one pod per PDB is retried: web-abc " + abc + ", web-def " + def);
    assertFalse(api.pods.containsKey("default/api-1"));
  }

  @Test
  void gracePeriodIsSentOnlyWhenSetAndSkipWaitStopsWaitingForSlowTerminations() throws Exception {
    api.terminationMillis = 60_000;
    api.addPod("default", "slow-1", "w-1", "ReplicaSet", Map.of());
    api.addPod("default", "slow-2", "w-1", "ReplicaSet", Map.of());
    DrainOptions waitForever = DrainOptions.defaults();
    EvictionRound waiting = impl.evictPods(new EvictionRequest(
        cluster,
        "w-1",
        waitForever,
        List.of(new PodRef("default", "slow-1", 30)),
        Duration.ofSeconds(2)));
    assertEquals(List.of(new PodRef("default", "slow-1", 30)), waiting.terminating());
    assertFalse(waiting.finished());
    assertFalse(
        api.lastBody
            .get("POST /api/v1/namespaces/default/pods/slow-1/eviction")
            .contains("deleteOptions"),
        "-1 means the pod's own grace period: nothing sent");

    DrainOptions skipAfter1s = new DrainOptions(
        Duration.ofMinutes(10), 5, true, true, false, null, false, Duration.ofSeconds(1));
    EvictionRound skipped = impl.evictPods(new EvictionRequest(
        cluster,
        "w-1",
        skipAfter1s,
        List.of(new PodRef("default", "slow-2", 30)),
        Duration.ofSeconds(4)));
    assertEquals(List.of(new PodRef("default", "slow-2", 30)), skipped.evicted());
    var body = FakeApiServer.JSON.readTree(
        api.lastBody.get("POST /api/v1/namespaces/default/pods/slow-2/eviction"));
    assertEquals(5, body.path("deleteOptions").path("gracePeriodSeconds").asInt());
    assertEquals("policy/v1", body.path("apiVersion").asText());
  }

  @Test
  void evictionOfAVanishedPodCountsAsEvicted() {
    EvictionRound round = impl.evictPods(new EvictionRequest(
        cluster,
        "w-1",
        DrainOptions.defaults(),
        List.of(new PodRef("default", "gone", 30)),
        Duration.ofSeconds(2)));
    assertEquals(List.of(new PodRef("default", "gone", 30)), round.evicted());
    assertTrue(round.finished());
  }

  @Test
  void evictionApiUnavailableFallsBackToDeleteUnlessDisabled() {
    api.addPod("default", "web-abc", "w-1", "ReplicaSet", Map.of("app", "web"));
    api.evictionOverride = 405;
    DrainOptions noFallback =
        new DrainOptions(Duration.ofMinutes(10), -1, true, true, false, null, true, Duration.ZERO);
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> impl.evictPods(new EvictionRequest(
            cluster,
            "w-1",
            noFallback,
            List.of(new PodRef("default", "web-abc", 30)),
            Duration.ofSeconds(2))));
    assertEquals(Failures.EVICTION_UNAVAILABLE, f.getType());
    assertTrue(api.pods.containsKey("default/web-abc"));
    EvictionRound round = impl.evictPods(new EvictionRequest(
        cluster,
        "w-1",
        DrainOptions.defaults(),
        List.of(new PodRef("default", "web-abc", 30)),
        Duration.ofSeconds(2)));
    assertEquals(1, round.evicted().size());
    assertEquals(1, api.count("DELETE /api/v1/namespaces/default/pods/web-abc"));
  }

  @Test
  void waitForNodeReadyPollsUntilReadyAtVersionAndFailsWithTheLastCondition() throws Exception {
    api.addNode("w-2", false, "v1.30.6", false);
    ActivityFailure timeout = assertThrows(
        ActivityFailure.class,
        () -> activities.waitForNodeReady(cluster, "w-2", V1_30_6, Duration.ofSeconds(1)));
    ApplicationFailure cause = (ApplicationFailure) timeout.getCause();
    assertEquals(Failures.NODE_NOT_READY, cause.getType());
    assertTrue(
        cause
            .getOriginalMessage()
            .contains("Ready=False (KubeletNotReady: container runtime is down)"),
        cause.getOriginalMessage());
    assertTrue(
        heartbeats.stream().anyMatch(h -> h.startsWith("w-2: Ready=False")), heartbeats.toString());
    Thread flip = new Thread(() -> {
      try {
        Thread.sleep(700);
      } catch (InterruptedException e) {
        return;
      }
      FakeApiServer.setReady(api.nodes.get("w-2"), true, "KubeletReady", "ok");
    });
    flip.start();
    assertTrue(activities
        .waitForNodeReady(cluster, "w-2", V1_30_6, Duration.ofSeconds(10))
        .ready());
    flip.join();
  }

  @Test
  void pdbBlockersCoverOnlyPodsOnTheGivenNodes() {
    api.addPod("default", "web-abc", "w-1", "ReplicaSet", Map.of("app", "web"));
    api.addPod("default", "web-xyz", "cp-1", "ReplicaSet", Map.of("app", "web"));
    api.addPod("default", "api-1", "w-1", "ReplicaSet", Map.of("app", "api"));
    api.addPdb("default", "web-pdb", Map.of("app", "web"), 0);
    api.addPdb("default", "api-pdb", Map.of("app", "api"), 1);
    List<PdbBlocker> blockers = impl.findPdbBlockers(cluster, List.of("w-1"));
    assertEquals(1, blockers.size());
    assertEquals("web-pdb", blockers.get(0).name());
    assertEquals(List.of("web-abc"), blockers.get(0).pods());
    assertTrue(impl.findPdbBlockers(cluster, List.of("w-2")).isEmpty());
  }

  @Test
  void controlPlaneHealthChecksVersionsReadinessAndReadyz() {
    ControlPlaneHealth healthy = impl.checkControlPlane(cluster, "cp-1", V1_30_6);
    assertTrue(healthy.healthy(), healthy.problems().toString());
    assertTrue(healthy.readyz());
    ControlPlaneHealth behind =
        impl.checkControlPlane(cluster, "cp-1", KubeVersion.parse("v1.31.2"));
    assertEquals(3, behind.problems().size(), behind.problems().toString());
    api.readyz = "[-]etcd failed: reason withheld\nreadyz check failed";
    ControlPlaneHealth notReady = impl.checkControlPlane(cluster, "cp-1", V1_30_6);
    assertFalse(notReady.readyz());
    assertTrue(
        notReady.problems().get(0).contains("/readyz answered 500"),
        notReady.problems().toString());
  }

  @Test
  void heartbeatSummaryReadsLikeTheIssueAsksFor() {
    assertEquals(
        "3 pods blocked by PDB web/web-pdb: web-abc, web-def, web-ghi; 12 evicted, 4 terminating",
        EvictionRunner.summary(
            Map.of("web/web-pdb", List.of("web-abc", "web-def", "web-ghi")), 12, 4, 0));
  }

  @Test
  void pdbNameComesFromThe429Causes() {
    String body =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\",\"reason\":\"TooManyRequests\","
            + "\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\",\"message\":\"The disruption budget web-pdb needs 2 healthy pods and has 2 currently\"}]},\"code\":429}";
    assertEquals("web/web-pdb", EvictionRunner.pdbFromCauses("web", body));
    assertEquals(null, EvictionRunner.pdbFromCauses("web", "{\"kind\":\"Status\",\"code\":429}"));
  }
}
