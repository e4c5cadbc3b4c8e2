package dev.bosun.activities.labsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bosun.activities.Failures;
import dev.bosun.activities.kube.KubeClients;
import dev.bosun.activities.kube.KubernetesActivitiesImpl;
import dev.bosun.activities.node.NodeActivitiesImpl;
import dev.bosun.activities.node.NodeCommands;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.sim.LabSim;
import dev.bosun.workflows.activities.ClusterState;
import dev.bosun.workflows.activities.ControlPlaneHealth;
import dev.bosun.workflows.activities.DrainPlan;
import dev.bosun.workflows.activities.EvictionRequest;
import dev.bosun.workflows.activities.EvictionRound;
import dev.bosun.workflows.activities.KubernetesActivities;
import dev.bosun.workflows.activities.PdbBlocker;
import dev.bosun.workflows.activities.PodRef;
import dev.bosun.workflows.drain.DrainRules;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * KubernetesActivitiesImpl against lab-sim's API, reached with the admin.conf fetched from cp-1 over SSH.
 * One lab for the class: each test clears its faults and cordons.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesActivitiesLabSimTest {

  static final KubeVersion V1_30_6 = KubeVersion.parse("v1.30.6");

  @TempDir
  static Path dir;

  LabSim lab;
  SshPool ssh;
  KubeClients clients;
  KubernetesActivitiesImpl kube;
  ClusterTarget cluster;
  TestActivityEnvironment env;
  KubernetesActivities activities;
  final List<String> heartbeats = new CopyOnWriteArrayList<>();
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  /** What has been logged so far; other threads (SSH keepalive, parallel test classes) keep appending. */
  private List<ILoggingEvent> logged() {
    synchronized (logs.list) {
      return new ArrayList<>(logs.list);
    }
  }

  @BeforeAll
  void start() throws Exception {
    logs.list = Collections.synchronizedList(new ArrayList<>());
    logs.start();
    rootLogger().addAppender(logs);
    lab = Lab.start(dir);
    ssh = new SshPool(Lab.SETTINGS);
    clients = new KubeClients(ssh, Duration.ofSeconds(10));
    kube = new KubernetesActivitiesImpl(clients, Duration.ofSeconds(10));
    cluster = Lab.clusterViaSsh(lab);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(kube);
    env.setActivityHeartbeatListener(String.class, heartbeats::add);
    activities = env.newActivityStub(
        KubernetesActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(60))
            .setHeartbeatTimeout(Duration.ofMillis(1500))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  @AfterEach
  void heal() {
    lab.faults().clear();
    List.of("cp-1", "w-1", "w-2").forEach(n -> kube.uncordon(cluster, n));
    heartbeats.clear();
  }

  @AfterAll
  void stop() throws InterruptedException {
    rootLogger().detachAppender(logs);
    env.close();
    kube.close();
    clients.close();
    ssh.close();
    lab.close();
  }

  @Test
  void kubeconfigIsFetchedFromTheFirstControlPlaneOnceAndNeverLogged() throws Exception {
    int fetchedBefore = lab.commandLog()
        .matching(NodeCommands.ADMIN_KUBECONFIG)
        .size(); // other tests may have fetched it
    ClusterState state = kube.readClusterState(cluster);
    kube.readClusterState(cluster);
    assertEquals("v1.30.6", state.apiServerVersion());
    assertEquals(3, state.nodes().size());
    assertTrue(state.node("cp-1").controlPlane() && state.node("cp-1").ready());
    assertEquals("v1.30.6", state.node("w-1").kubeletVersion());
    assertTrue(state.etcdHealthy());
    assertTrue(state.staticPods().stream()
        .anyMatch(p ->
            p.component().equals("kube-apiserver") && p.version().equals("v1.30.6") && p.ready()));
    assertTrue(
        lab.commandLog().matching(NodeCommands.ADMIN_KUBECONFIG).size() - fetchedBefore <= 1,
        "fetched once, then cached");
    kube.readClusterState(cluster);
    assertEquals(
        fetchedBefore == 0 ? 1 : fetchedBefore,
        lab.commandLog().matching(NodeCommands.ADMIN_KUBECONFIG).size(),
        "fetched once, then cached");

    String clientKey = Files.readAllLines(lab.kubeconfig()).stream()
        .filter(l -> l.contains("client-key-data"))
        .findFirst()
        .orElseThrow()
        .split(":", 2)[1]
        .trim();
    for (String secret : keyMaterial(clientKey)) {
      assertTrue(
          logged().stream().noneMatch(e -> e.getFormattedMessage().contains(secret)),
          "the admin key never reaches a log");
      assertFalse(state.toString().contains(secret));
    }
  }

  /**
   * Pieces of the key itself, not of its constant PEM header (the first 40 characters of client-key-data
   * encode "-----BEGIN RSA PRIVATE KEY-----", which every key shares): from the middle of the kubeconfig's
   * base64, and from the middle of the decoded PEM's body, in case a log decoded it.
   */
  static List<String> keyMaterial(String clientKeyData) {
    String pem = new String(
        java.util.Base64.getDecoder().decode(clientKeyData),
        java.nio.charset.StandardCharsets.US_ASCII);
    String body = pem.lines()
        .filter(l -> !l.startsWith("-----"))
        .collect(java.util.stream.Collectors.joining());
    List<String> pieces =
        List.of(middle(clientKeyData), middle(body), body.substring(body.length() - 40));
    for (String piece : pieces) {
      assertFalse(
          pem.lines().filter(l -> l.startsWith("-----")).anyMatch(h -> h.contains(piece)),
          "not header text: " + piece);
      assertFalse(
          java.util.Base64.getEncoder().encodeToString("-----BEGIN ".getBytes()).contains(piece),
          piece);
    }
    return pieces;
  }

  private static String middle(String s) {
    return s.substring(s.length() / 2 - 20, s.length() / 2 + 20);
  }

  @Test
  void aConnectionDroppedWhileReadingAdminConfLeaksNoneOfIt() throws Exception {
    String adminConf =
        Files.readString(lab.kubeconfig()); // the same credentials as cp-1's admin.conf
    lab.faults().dropConnectionMidOutput("cp-1", "cat /etc/kubernetes/admin.conf", 1);
    logs.list.clear();
    try (KubeClients fresh = new KubeClients(ssh, Duration.ofSeconds(10))) {
      ApplicationFailure failure =
          assertThrows(ApplicationFailure.class, () -> fresh.client(cluster));
      String message = failure.getMessage();
      assertTrue(message.contains("connection lost"), message);
      for (String line : adminConf.split("\n")) {
        String piece = line.trim();
        if (piece.length() >= 12) {
          assertFalse(
              message.contains(piece.substring(0, 12)), "admin.conf line leaked into: " + message);
          assertTrue(
              logged().stream()
                  .noneMatch(e -> e.getFormattedMessage().contains(piece.substring(0, 12))),
              "leaked into a log: " + piece);
        }
      }
    }
  }

  @Test
  void cordonTwiceAndUncordonTwice() {
    assertFalse(kube.cordon(cluster, "w-1").wasCordoned());
    assertTrue(kube.cordon(cluster, "w-1").wasCordoned());
    assertTrue(lab.state().nodeUnschedulable("w-1"));
    kube.uncordon(cluster, "w-1");
    kube.uncordon(cluster, "w-1");
    assertFalse(lab.state().nodeUnschedulable("w-1"));
  }

  @Test
  void aRetriedCordonFromTheSameWorkflowRecognisesItsOwnCordon() {
    assertFalse(activities.cordon(cluster, "w-2").wasCordoned());
    assertTrue(
        cordonMark("w-2") != null && !cordonMark("w-2").isBlank(),
        "Bosun's cordon is marked with the workflow id");
    assertFalse(
        activities.cordon(cluster, "w-2").wasCordoned(),
        "the second attempt finds Bosun's own cordon (same workflow id)");
    assertTrue(
        kube.cordon(cluster, "w-2").wasCordoned(),
        "a caller without that workflow id sees someone else's cordon");
    activities.uncordon(cluster, "w-2");
    assertFalse(lab.state().nodeUnschedulable("w-2"));
    assertEquals(null, cordonMark("w-2"), "uncordon removes the mark");
  }

  @Test
  void anOperatorsCordonIsStillReportedToBosun() {
    kube.cordon(cluster, "w-2"); // outside any workflow: no mark, like kubectl cordon
    assertEquals(null, cordonMark("w-2"));
    assertTrue(activities.cordon(cluster, "w-2").wasCordoned());
  }

  private String cordonMark(String node) {
    java.util.Map<String, String> a =
        clients.client(cluster).nodes().withName(node).get().getMetadata().getAnnotations();
    return a == null ? null : a.get(KubernetesActivitiesImpl.CORDONED_BY);
  }

  @Test
  void planDrainRefusesABarePodNamingForce() {
    lab.addBarePod("default", "bare", "w-1");
    DrainPlan plan = kube.planDrain(cluster, "w-1", DrainOptions.defaults());
    assertEquals(List.of(DrainRules.UNMANAGED_REFUSAL + ": default/bare"), plan.refusals());
    assertTrue(
        plan.skipped().stream().anyMatch(s -> s.reason().equals(DrainRules.SKIP_DAEMONSET)),
        "kube-proxy is skipped");
    DrainPlan forced = kube.planDrain(
        cluster,
        "w-1",
        new DrainOptions(Duration.ofMinutes(5), -1, true, true, true, null, false, Duration.ZERO));
    assertFalse(forced.refused());
    assertTrue(forced.toEvict().stream().anyMatch(p -> p.name().equals("bare")));
  }

  @Test
  void evictionRoundReportsTheBlockingPdbAndEvictsTheRest() {
    String node = nodeWithWebPods();
    lab.faults().blockPdb("default", "web-pdb");
    kube.cordon(cluster, node);
    List<PodRef> pods = kube.planDrain(cluster, node, DrainOptions.defaults()).toEvict();
    List<String> web = pods.stream()
        .map(PodRef::name)
        .filter(n -> n.startsWith("web-"))
        .sorted()
        .toList();
    // The SDK throttles heartbeats to 0.8 x the heartbeat timeout (1.2 s here): the round must
    // outlast a
    // few throttle windows for the blocker heartbeat to be sent, even on a loaded machine.
    EvictionRound round = activities.evictPods(
        new EvictionRequest(cluster, node, DrainOptions.defaults(), pods, Duration.ofSeconds(5)));
    assertEquals(web, round.remaining().stream().map(PodRef::name).sorted().toList());
    assertEquals(
        pods.size() - web.size(), round.evicted().size() + round.terminating().size());
    PdbBlocker blocker = round.blockers().get(0);
    assertEquals("default/web-pdb", blocker.namespace() + "/" + blocker.name());
    assertEquals(web, blocker.pods().stream().sorted().toList());
    assertTrue(
        heartbeats.stream()
            .anyMatch(h -> h.contains(web.size() + (web.size() == 1 ? " pod" : " pods")
                + " blocked by PDB default/web-pdb: ")),
        heartbeats.toString());

    lab.faults().clear();
    EvictionRound next = activities.evictPods(new EvictionRequest(
        cluster, node, DrainOptions.defaults(), round.remaining(), Duration.ofSeconds(10)));
    assertTrue(next.blockers().isEmpty());
    assertEquals(web, next.evicted().stream().map(PodRef::name).sorted().toList());
  }

  @Test
  void pdbBlockersAreFoundBeforeDraining() {
    String node = nodeWithWebPods();
    lab.faults().blockPdb("default", "web-pdb");
    List<PdbBlocker> blockers = kube.findPdbBlockers(cluster, List.of(node));
    assertEquals(1, blockers.size());
    assertEquals("web-pdb", blockers.get(0).name());
    assertEquals(0, blockers.get(0).disruptionsAllowed());
  }

  @Test
  void nodeBecomesReadyAfterAKubeletRestartOrFailsWithTheLastCondition() {
    NodeActivitiesImpl node = new NodeActivitiesImpl(ssh);
    node.restartKubelet(Lab.host(lab, "w-2"));
    assertTrue(activities
        .waitForNodeReady(cluster, "w-2", V1_30_6, Duration.ofSeconds(20))
        .ready());

    lab.faults().neverReadyAfterRestart("w-2");
    node.restartKubelet(Lab.host(lab, "w-2"));
    ActivityFailure f = assertThrows(
        ActivityFailure.class,
        () -> activities.waitForNodeReady(cluster, "w-2", V1_30_6, Duration.ofSeconds(2)));
    ApplicationFailure cause = (ApplicationFailure) f.getCause();
    assertEquals(Failures.NODE_NOT_READY, cause.getType());
    assertTrue(
        cause.getOriginalMessage().contains("Ready=False")
            || cause.getOriginalMessage().contains("Ready=Unknown"),
        cause.getOriginalMessage());
    assertTrue(
        heartbeats.stream().anyMatch(h -> h.startsWith("w-2: Ready=")), heartbeats.toString());

    lab.faults().clear();
    node.restartKubelet(Lab.host(lab, "w-2"));
    assertTrue(
        kube.waitForNodeReady(cluster, "w-2", V1_30_6, Duration.ofSeconds(20)).ready(),
        "healed for the other tests");
  }

  @Test
  void controlPlaneHealthOfCp1() {
    ControlPlaneHealth health = kube.checkControlPlane(cluster, "cp-1", V1_30_6);
    assertTrue(health.healthy(), health.problems().toString());
    assertTrue(health.readyz());
    assertEquals(4, health.staticPods().size());
    assertFalse(
        kube.checkControlPlane(cluster, "cp-1", KubeVersion.parse("v1.31.2")).healthy());
  }

  /** Logback's root logger, once SLF4J has finished initialising (other test classes may be initialising it now). */
  private static Logger rootLogger() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
  }

  private String nodeWithWebPods() {
    for (String node : List.of("w-1", "w-2", "cp-1")) {
      if (kube.planDrain(cluster, node, DrainOptions.defaults()).toEvict().stream()
          .anyMatch(p -> p.name().startsWith("web-"))) {
        return node;
      }
    }
    throw new AssertionError("lab-sim scheduled no web pod");
  }
}
