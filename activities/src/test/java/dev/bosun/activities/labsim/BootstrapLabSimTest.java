package dev.bosun.activities.labsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bosun.activities.Failures;
import dev.bosun.activities.bootstrap.BootstrapActivitiesImpl;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.sim.host.HostState;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.KubeadmInitRequest;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * BootstrapActivitiesImpl against an init lab over real SSH: bare VMs (one arm64) become a two-control-plane cluster,
 * every step re-runs as a no-op, faults fail typed, reset removes a node, and no join token or certificate key ever
 * shows up in a command line, a result or a failure. The tests build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootstrapLabSimTest {

  static final KubeVersion V = KubeVersion.parse("v1.30.6");
  static final String REPO = "https://pkgs.k8s.io/core:/stable:";
  static final String FLANNEL =
      "https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml";
  static final Pattern SECRET =
      Pattern.compile("\\b[a-z0-9]{6}\\.[a-z0-9]{16}\\b|(?<![0-9a-f:])[0-9a-f]{64}(?![0-9a-f])");
  static final String ETCD_RELEASES = "https://github.com/etcd-io/etcd/releases/download";
  static final Map<String, String> ARCH =
      Map.of("cp-1", "amd64", "cp-2", "amd64", "w-1", "arm64", "w-2", "amd64");

  @TempDir
  static Path dir;

  LabSim lab;
  SshPool ssh;
  BootstrapActivitiesImpl boot;
  /** Every detail and failure message the activities produced: none may hold a secret. */
  final List<String> texts = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    lab = LabSim.start(
        LabSpec.forInit("lab", 2, 2, "v1.30.6", dir).withNotReadyWindow(Duration.ofMillis(300)));
    ssh = new SshPool(Lab.SETTINGS);
    boot = new BootstrapActivitiesImpl(ssh, Duration.ofMillis(100));
  }

  @AfterAll
  void stop() {
    ssh.close();
    lab.close();
  }

  private HostTarget create(String name, String arch) throws Exception {
    HostState h;
    synchronized (lab.state().lock()) {
      h = lab.state().machines().create(name, arch);
    }
    return target(name, h.address());
  }

  private HostTarget target(String name, String address) {
    return new HostTarget(
        "lab",
        name,
        address,
        lab.sshPort(),
        "bosun",
        lab.privateKey().toString(),
        lab.knownHosts().toString(),
        true,
        null,
        null,
        null);
  }

  private HostTarget host(String name) {
    synchronized (lab.state().lock()) {
      return target(name, lab.state().host(name).address());
    }
  }

  private StepOutcome step(Supplier<StepOutcome> s) {
    StepOutcome o = s.get();
    texts.add(o.detail());
    return o;
  }

  private ApplicationFailure fails(Runnable r) {
    ApplicationFailure f = assertThrows(ApplicationFailure.class, r::run);
    texts.add(f.getMessage());
    return f;
  }

  private void prepare(HostTarget h, String arch) {
    HostFacts facts = boot.waitForSsh(h, Duration.ofSeconds(20));
    assertThat(facts.architecture()).isEqualTo(arch);
    assertThat(facts.packageManager()).isEqualTo("apt");
    assertThat(step(() -> boot.installContainerRuntime(h)).alreadyDone()).isFalse();
    assertThat(step(() -> boot.installKubernetesPackages(h, REPO, V, arch)).alreadyDone())
        .isFalse();
  }

  private dev.bosun.activities.ssh.CommandResult etcdctl(String node) {
    return ssh.run(host(node), "etcdctl version");
  }

  private List<String> tempFiles(String node) {
    synchronized (lab.state().lock()) {
      return lab.state().host(node).files().keySet().stream()
          .filter(f -> f.startsWith("/tmp/bosun-etcd."))
          .toList();
    }
  }

  private List<Supplier<StepOutcome>> everyStep() {
    HostTarget cp = host("cp-1");
    List<Supplier<StepOutcome>> steps = new ArrayList<>();
    for (String n : ARCH.keySet()) {
      steps.add(() -> boot.installContainerRuntime(host(n)));
      steps.add(() -> boot.installKubernetesPackages(host(n), REPO, V, ARCH.get(n)));
    }
    steps.add(() -> boot.kubeadmInit(cp, initRequest(cp)));
    steps.add(() -> boot.applyCni(cp, FLANNEL));
    steps.add(() -> boot.kubeadmJoin(cp, host("cp-2"), true));
    steps.add(() -> boot.installEtcdClient(cp, ETCD_RELEASES));
    steps.add(() -> boot.installEtcdClient(host("cp-2"), ETCD_RELEASES));
    steps.add(() -> boot.kubeadmJoin(cp, host("w-1"), false));
    steps.add(() -> boot.kubeadmJoin(cp, host("w-2"), false));
    steps.add(
        () -> boot.labelNode(cp, "w-1", Map.of("node-role.kubernetes.io/worker", ""), List.of()));
    steps.add(() -> boot.labelNode(
        cp,
        "w-2",
        Map.of("node-role.kubernetes.io/worker", "", "tier", "infra"),
        List.of("dedicated=infra:NoSchedule")));
    return steps;
  }

  private KubeadmInitRequest initRequest(HostTarget cp) {
    return new KubeadmInitRequest(
        V, lab.state().controlPlaneEndpoint(), "10.244.0.0/16", "10.96.0.0/12", cp.address());
  }

  @Test
  @Order(1)
  void testBareVmsBecomeAClusterWithTheRightArchitectures() throws Exception {
    for (var e : ARCH.entrySet()) {
      prepare(create(e.getKey(), e.getValue()), e.getValue());
    }
    assertThat(lab.state().file("w-1", "/etc/apt/sources.list.d/kubernetes.list"))
        .startsWith("deb [arch=arm64 signed-by=");
    assertThat(lab.state().holds("w-1")).contains("kubeadm", "kubelet", "kubectl");
    HostTarget cp = host("cp-1");
    assertThat(step(() -> boot.kubeadmInit(cp, initRequest(cp))).detail())
        .contains("initialised on cp-1");
    assertThat(step(() -> boot.applyCni(cp, FLANNEL)).alreadyDone()).isFalse();
    // init's certificate key has expired (as 2 hours later): the join uploads the certificates
    // afresh and still works.
    lab.faults().expireCertificateKey();
    assertThat(step(() -> boot.kubeadmJoin(cp, host("cp-2"), true)).detail())
        .isEqualTo("cp-2 joined as a control plane");
    assertThat(lab.state().staticPodVersion("cp-2")).isEqualTo("v1.30.6");
    for (String n : List.of("cp-1", "cp-2")) {
      assertThat(etcdctl(n).exitCode()).as("a fresh VM has no etcdctl").isEqualTo(127);
      assertThat(step(() -> boot.installEtcdClient(host(n), ETCD_RELEASES)).detail())
          .isEqualTo("etcdctl and etcdutl 3.5.15 (amd64) installed in /usr/local/bin/ from"
              + " etcd-v3.5.15-linux-amd64.tar.gz, its SHA-256 matching the release's SHA256SUMS");
      assertThat(etcdctl(n).stdout()).startsWith("etcdctl version: 3.5.15");
      assertThat(new dev.bosun.activities.node.NodeActivitiesImpl(ssh).missingEtcdTools(host(n)))
          .as("what the upgrade's preflight and the backup need")
          .isEmpty();
      assertThat(tempFiles(n)).as("the download directory is gone").isEmpty();
    }
    assertThat(lab.commandLog().all())
        .extracting(CommandRecord::command)
        .anyMatch(c -> c.matches("curl -fsSL --retry 3 -o '/tmp/bosun-etcd\\.[A-Za-z0-9]{10}/"
            + "etcd-v3\\.5\\.15-linux-amd64\\.tar\\.gz' 'https://github\\.com/etcd-io/etcd/releases/"
            + "download/v3\\.5\\.15/etcd-v3\\.5\\.15-linux-amd64\\.tar\\.gz'"))
        .anyMatch(
            c -> c.matches("sudo -n install -m 0755 '/tmp/bosun-etcd\\.[A-Za-z0-9]{10}/etcdctl'"
                + " '/tmp/bosun-etcd\\.[A-Za-z0-9]{10}/etcdutl' /usr/local/bin/"));
    step(() -> boot.kubeadmJoin(cp, host("w-1"), false));
    step(() -> boot.kubeadmJoin(cp, host("w-2"), false));
    assertThat(lab.state().file("w-1", "/etc/kubernetes/bosun-join.yaml"))
        .as("join config removed")
        .isNull();
    step(() -> boot.labelNode(cp, "w-1", Map.of("node-role.kubernetes.io/worker", ""), List.of()));
    step(() -> boot.labelNode(
        cp,
        "w-2",
        Map.of("node-role.kubernetes.io/worker", "", "tier", "infra"),
        List.of("dedicated=infra:NoSchedule")));
    for (var e : ARCH.entrySet()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> lab.state().nodeReady(e.getKey()));
      String arch = lab.state()
          .read(c -> c.node(e.getKey()).getMetadata().getLabels().get("kubernetes.io/arch"));
      assertThat(arch).isEqualTo(e.getValue());
    }
    List<io.fabric8.kubernetes.api.model.Taint> taints =
        lab.state().read(c -> c.node("w-2").getSpec().getTaints());
    assertThat(taints).anyMatch(t -> t.getKey().equals("dedicated"));
    Map<String, String> labels =
        lab.state().read(c -> c.node("w-2").getMetadata().getLabels());
    assertThat(labels).containsEntry("tier", "infra");
  }

  @Test
  @Order(2)
  void testEveryStepRerunsAsANoOp() {
    int before = lab.commandLog().all().size();
    for (Supplier<StepOutcome> s : everyStep()) {
      StepOutcome o = step(s);
      assertThat(o.alreadyDone()).as(o.detail()).isTrue();
    }
    List<String> mutating =
        lab.commandLog().all().subList(before, lab.commandLog().all().size()).stream()
            .map(CommandRecord::command)
            .filter(c -> c.contains("tee ")
                || c.contains("apt-get install")
                || c.contains("kubeadm init")
                || c.contains("kubeadm join")
                || c.contains("kubeadm token")
                || c.contains(" apply ")
                || c.contains(" label ")
                || c.contains(" taint ")
                || c.contains("modprobe")
                || c.contains("curl ")
                || c.contains("install -m 0755"))
            .toList();
    assertThat(mutating).isEmpty();
  }

  @Test
  @Order(3)
  void testJoinPreflightFailureIsTypedAndNamesTheNode() throws Exception {
    HostTarget w3 = create("w-3", "amd64");
    prepare(w3, "amd64");
    lab.faults().failJoin("w-3");
    try {
      ApplicationFailure f = fails(() -> boot.kubeadmJoin(host("cp-1"), w3, false));
      assertThat(f.getType()).isEqualTo(Failures.KUBEADM_PREFLIGHT);
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage())
          .startsWith("w-3: kubeadm join failed its preflight checks:")
          .contains("[ERROR Port-10250]: Port 10250 is in use");
      assertThat(lab.state().file("w-3", "/etc/kubernetes/bosun-join.yaml"))
          .as("join config removed after a failure")
          .isNull();
    } finally {
      lab.faults().clear();
    }
  }

  @Test
  @Order(4)
  void testAnEtcdReleaseThatIsNotWhatItsSha256SumsSaysIsNotInstalled() throws Exception {
    HostTarget cp3 = create("cp-3", "amd64");
    prepare(cp3, "amd64");
    step(() -> boot.kubeadmJoin(host("cp-1"), cp3, true));
    int before = lab.commandLog().all().size();
    ApplicationFailure bad = fails(() -> boot.installEtcdClient(cp3, "http://mirror.lab/etcd"));
    assertThat(bad.getType()).isEqualTo(Failures.INVALID_INPUT);
    assertThat(bad.getOriginalMessage()).contains("init.etcdReleases");
    assertThat(lab.commandLog().all()).as("refused before any command").hasSize(before);
    lab.faults().corruptEtcdRelease();
    try {
      ApplicationFailure f = fails(() -> boot.installEtcdClient(cp3, ETCD_RELEASES));
      assertThat(f.getType()).isEqualTo(Failures.CHECKSUM_MISMATCH);
      assertThat(f.isNonRetryable()).as("a broken download is fetched again").isFalse();
      assertThat(f.getOriginalMessage())
          .startsWith("cp-3: etcd-v3.5.15-linux-amd64.tar.gz has SHA-256 ")
          .contains("but the release's SHA256SUMS says", "nothing installed");
      assertThat(etcdctl("cp-3").exitCode()).isEqualTo(127);
      assertThat(tempFiles("cp-3")).as("removed after a failure too").isEmpty();
    } finally {
      lab.faults().clear();
    }
    assertThat(step(() -> boot.installEtcdClient(cp3, ETCD_RELEASES)).alreadyDone())
        .isFalse();
    assertThat(etcdctl("cp-3").exitCode()).isZero();
  }

  @Test
  @Order(5)
  void testSshThatNeverComesUpTimesOut() throws Exception {
    HostTarget w4 = create("w-4", "arm64");
    lab.faults().refuseSsh("w-4");
    try {
      ApplicationFailure f = fails(() -> boot.waitForSsh(w4, Duration.ofMillis(800)));
      assertThat(f.getType()).isEqualTo(Failures.SSH_UNREACHABLE);
      assertThat(f.getOriginalMessage())
          .startsWith("w-4 (" + w4.address() + ") did not answer on SSH within");
    } finally {
      lab.faults().clear();
    }
    assertThat(boot.waitForSsh(w4, Duration.ofSeconds(10)).architecture()).isEqualTo("arm64");
  }

  @Test
  @Order(6)
  void testResetRemovesTheNodeAndIsHarmlessTwice() {
    HostTarget cp = host("cp-1");
    assertThat(step(() -> boot.kubeadmReset(cp, host("w-2"))).detail())
        .isEqualTo("kubeadm reset on w-2; Node w-2 deleted");
    io.fabric8.kubernetes.api.model.Node gone = lab.state().read(c -> c.node("w-2"));
    assertThat(gone).isNull();
    assertThat(step(() -> boot.kubeadmReset(cp, host("w-2"))).alreadyDone()).isTrue();
    assertThat(step(() -> boot.kubeadmReset(cp, cp)).detail()).isEqualTo("kubeadm reset on cp-1");
    assertThat(step(() -> boot.kubeadmReset(cp, host("w-1"))).detail())
        .as("the API is gone with cp-1")
        .isEqualTo("kubeadm reset on w-1");
  }

  @Test
  @Order(7)
  void testNoTokenOrCertificateKeyInAnyCommandLineOrText() {
    List<String> commands =
        lab.commandLog().all().stream().map(CommandRecord::command).toList();
    assertThat(commands)
        .anyMatch(c -> c.equals("sudo -n kubeadm token create --ttl 15m --print-join-command"));
    assertThat(commands).filteredOn(c -> SECRET.matcher(c).find()).isEmpty();
    assertThat(texts)
        .isNotEmpty()
        .filteredOn(t -> t != null && SECRET.matcher(t).find())
        .isEmpty();
    synchronized (lab.state().lock()) {
      for (String token : lab.state().bootstrapTokens()) {
        assertThat(String.join("\n", commands)).doesNotContain(token);
      }
    }
  }
}
