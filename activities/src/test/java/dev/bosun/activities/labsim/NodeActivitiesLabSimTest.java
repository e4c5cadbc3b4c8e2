package dev.bosun.activities.labsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.Failures;
import dev.bosun.activities.node.NodeActivitiesImpl;
import dev.bosun.activities.node.NodeCommands;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.sim.CommandRecord;
import dev.bosun.sim.LabSim;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.PackagePin;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * NodeActivitiesImpl against lab-sim over real SSH: the command contract, idempotency, faults. One lab
 * for the class; each test uses its own hosts or reads the state it starts from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeActivitiesLabSimTest {

  static final KubeVersion TARGET = KubeVersion.parse("v1.31.2");
  static final String REPO = KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY;

  @TempDir
  static Path dir;

  LabSim lab;
  SshPool ssh;
  NodeActivitiesImpl node;

  @BeforeAll
  void start() throws Exception {
    lab = Lab.start(dir, 4);
    ssh = new SshPool(Lab.SETTINGS);
    node = new NodeActivitiesImpl(ssh);
  }

  @AfterEach
  void clearFaults() {
    lab.faults().clear();
  }

  @AfterAll
  void stop() {
    ssh.close();
    lab.close();
  }

  private List<String> mutating(String host) {
    return mutating(lab, host);
  }

  /** The mutating commands {@code host} ran, in order (the read-only ones filtered out). */
  private static List<String> mutating(LabSim lab, String host) {
    return lab.commandLog().forHost(host).stream()
        .map(CommandRecord::command)
        .filter(c -> c.contains("| sudo -n tee")
            || c.contains("apt-get install")
            || c.contains("kubeadm upgrade apply")
            || c.contains("kubeadm upgrade node")
            || c.contains("snapshot save")
            || c.contains("systemctl restart"))
        .toList();
  }

  /** Runs a host's whole upgrade through the activities, in the order NodeCommands.upgradeCommands gives. */
  private static void upgrade(NodeActivitiesImpl node, HostTarget host, boolean first) {
    node.setPackageRepository(host, REPO, TARGET);
    String pkg = node.resolvePackageVersion(host, "kubeadm", TARGET);
    node.installPackages(host, List.of(new PackagePin("kubeadm", pkg)));
    if (first) {
      node.kubeadmUpgradeApply(host, TARGET, true);
    } else {
      node.kubeadmUpgradeNode(host, TARGET, true);
    }
    node.installPackages(
        host, List.of(new PackagePin("kubelet", pkg), new PackagePin("kubectl", pkg)));
    node.restartKubelet(host);
  }

  /**
   * Its own lab: on the class's shared lab another test (the etcd snapshot of readOnlyStepsParseTheRealFormats)
   * leaves mutating commands in cp-1's log, and whether they came first depended on JUnit's method order.
   */
  @Test
  void rollingUpgradeRunsExactlyThePlannedCommandsAndEveryStepIsHarmlessTwice() throws Exception {
    try (LabSim own =
            Lab.start(java.nio.file.Files.createDirectories(dir.resolve("rolling-upgrade")), 1);
        SshPool ownSsh = new SshPool(Lab.SETTINGS)) {
      NodeActivitiesImpl node = new NodeActivitiesImpl(ownSsh);
      HostTarget cp = Lab.host(own, "cp-1");
      HostFacts before = node.readHostFacts(cp);
      assertEquals("v1.30.6", before.kubeadmVersion());
      assertEquals("v1.30", before.repositoryMinor());
      assertEquals(
          List.of("kubeadm", "kubectl", "kubelet"),
          before.held().stream().sorted().toList());
      assertTrue(before.kubeletActive());
      assertEquals(List.of(), mutating(own, "cp-1"), "a fresh lab: nothing ran on cp-1 yet");
      int connectsBefore = ownSsh.connects(cp);

      upgrade(node, cp, true);
      List<String> planned =
          NodeCommands.upgradeCommands(NodeRole.CONTROL_PLANE, true, TARGET, "1.31.2-1.1", REPO);
      assertEquals(planned, mutating(own, "cp-1"), "the activities ran exactly what `plan` prints");
      assertEquals("v1.31.2", own.state().staticPodVersion("cp-1"));
      assertEquals("1.31.2-1.1", own.state().installedPackage("cp-1", "kubelet"));
      assertTrue(own.state().holds("cp-1").containsAll(List.of("kubeadm", "kubelet", "kubectl")));

      // Every mutating step again, as after a worker crash: all skipped, nothing mutating runs.
      assertTrue(node.setPackageRepository(cp, REPO, TARGET).alreadyDone());
      assertTrue(node.installPackages(cp, List.of(new PackagePin("kubeadm", "1.31.2-1.1")))
          .alreadyDone());
      assertTrue(node.kubeadmUpgradeApply(cp, TARGET, true).alreadyDone());
      assertTrue(node.kubeadmUpgradeNode(cp, TARGET, true).alreadyDone());
      assertTrue(node.installPackages(
              cp,
              List.of(
                  new PackagePin("kubelet", "1.31.2-1.1"), new PackagePin("kubectl", "1.31.2-1.1")))
          .alreadyDone());
      assertEquals(planned, mutating(own, "cp-1"));
      assertEquals(connectsBefore, ownSsh.connects(cp), "one SSH connection for the whole upgrade");

      HostTarget w = Lab.host(own, "w-1");
      upgrade(node, w, false);
      assertEquals(
          NodeCommands.upgradeCommands(NodeRole.WORKER, false, TARGET, "1.31.2-1.1", REPO),
          mutating(own, "w-1"));
      assertTrue(node.kubeadmUpgradeNode(w, TARGET, true).alreadyDone());
      assertTrue(node.setPackageRepository(w, REPO, TARGET).alreadyDone());
      assertEquals(
          NodeCommands.upgradeCommands(NodeRole.WORKER, false, TARGET, "1.31.2-1.1", REPO),
          mutating(own, "w-1"));
      assertEquals("1.31.2-1.1", own.state().installedPackage("w-1", "kubeadm"));
    }
  }

  @Test
  void thePackageIndexGivesTheExactRevisionWithoutChangingTheHost() {
    HostTarget w = Lab.host(lab, "w-3");
    java.util.Map<String, String> filesBefore = lab.state().files("w-3");
    int logBefore = lab.commandLog().forHost("w-3").size();

    assertEquals("1.31.2-1.1", node.lookUpPackageVersion(w, REPO, "kubeadm", TARGET));

    List<String> sent = lab.commandLog().forHost("w-3").stream()
        .skip(logBefore)
        .map(CommandRecord::command)
        .toList();
    assertTrue(
        sent.contains(NodeCommands.readPackageIndex(REPO, TARGET)), "read with curl: " + sent);
    assertTrue(
        sent.stream()
            .noneMatch(c -> c.contains("sudo") || c.contains("apt-get") || c.contains(">")),
        "as the SSH user, writing nothing: " + sent);
    assertEquals(filesBefore, lab.state().files("w-3"), "no file on w-3 changed");
    assertEquals("v1.30", lab.state().configuredRepositoryMinor("w-3"));
    ApplicationFailure aptStillOld = assertThrows(
        ApplicationFailure.class, () -> node.resolvePackageVersion(w, "kubeadm", TARGET));
    assertEquals(
        Failures.PACKAGE_NOT_FOUND, aptStillOld.getType(), "apt's own lists were not updated");

    ApplicationFailure missing = assertThrows(
        ApplicationFailure.class,
        () -> node.lookUpPackageVersion(w, REPO, "kubeadm", KubeVersion.parse("v1.31.99")));
    assertEquals(Failures.PACKAGE_NOT_FOUND, missing.getType());
    assertTrue(missing.isNonRetryable());
    assertTrue(
        missing
            .getOriginalMessage()
            .contains("kubeadm 1.31.99 (amd64) is not in the package index " + REPO
                + "/v1.31/deb/Packages; it lists: 1.31.9-1.1, 1.31.8-1.1"),
        missing.getOriginalMessage());
  }

  @Test
  void anUnreadablePackageIndexIsReportedWithCurlsReasonAndNotRetried() {
    HostTarget w = Lab.host(lab, "w-3");
    lab.faults().failRun("w-3", "curl", 0, 6, "curl: (6) Could not resolve host: pkgs.k8s.io\n");
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class, () -> node.lookUpPackageVersion(w, REPO, "kubeadm", TARGET));
    assertEquals(Failures.COMMAND_FAILED, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(
        f.getOriginalMessage()
            .contains(
                "could not read the package index " + REPO
                    + "/v1.31/deb/Packages (curl exited 6: curl: (6) Could not resolve host: pkgs.k8s.io)"),
        f.getOriginalMessage());
  }

  @Test
  void packageIsNotFoundUntilTheRepositoryIsSwitched() {
    HostTarget w = Lab.host(lab, "w-2");
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class, () -> node.resolvePackageVersion(w, "kubeadm", TARGET));
    assertEquals(Failures.PACKAGE_NOT_FOUND, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("switch it to v1.31 first"), f.getOriginalMessage());
    ApplicationFailure install = assertThrows(
        ApplicationFailure.class,
        () -> node.installPackages(w, List.of(new PackagePin("kubeadm", "1.31.2-1.1"))));
    assertEquals(Failures.COMMAND_FAILED, install.getType());
    assertTrue(
        install.getOriginalMessage().contains("w-2")
            && install.getOriginalMessage().contains("apt-get install"),
        install.getOriginalMessage());
    assertEquals("1.30.6-1.1", lab.state().installedPackage("w-2", "kubeadm"));
    assertTrue(
        lab.state().holds("w-2").contains("kubeadm"), "a failed install leaves the hold in place");
  }

  @Test
  void applyRefusesMinorSkipsAndAKubeadmBehindTheTarget() {
    HostTarget cp = Lab.host(lab, "cp-1");
    KubeVersion now = KubeVersion.parse(lab.state().staticPodVersion("cp-1"));
    int before = mutating("cp-1").size();
    KubeVersion skipped = new KubeVersion(now.major(), now.minor() + 2, 1);
    ApplicationFailure skip =
        assertThrows(ApplicationFailure.class, () -> node.kubeadmUpgradeApply(cp, skipped, true));
    assertEquals(Failures.VERSION_SKEW, skip.getType());
    KubeVersion next = new KubeVersion(now.major(), now.minor() + 1, 0);
    ApplicationFailure behind =
        assertThrows(ApplicationFailure.class, () -> node.kubeadmUpgradeApply(cp, next, true));
    assertEquals(Failures.VERSION_SKEW, behind.getType());
    assertTrue(
        behind.getOriginalMessage().contains("install kubeadm " + next.bare() + " first"),
        behind.getOriginalMessage());
    assertEquals(before, mutating("cp-1").size());
  }

  @Test
  void applyRunsAgainWhenOnlyTheApiServerReachedTheTarget() throws Exception {
    // Its own lab: this test rewinds cp-1's scheduler as an apply interrupted half-way would leave
    // it.
    try (LabSim own =
            Lab.start(java.nio.file.Files.createDirectories(dir.resolve("partial-apply")), 0);
        SshPool ownSsh = new SshPool(Lab.SETTINGS)) {
      NodeActivitiesImpl activities = new NodeActivitiesImpl(ownSsh);
      HostTarget cp = Lab.host(own, "cp-1");
      upgradeWith(activities, cp);
      String scheduler = "/etc/kubernetes/manifests/kube-scheduler.yaml";
      var files = own.state().host("cp-1").files();
      files.put(
          scheduler,
          files.get(scheduler).replace("kube-scheduler:" + TARGET, "kube-scheduler:v1.30.6"));

      StepOutcome outcome = activities.kubeadmUpgradeApply(cp, TARGET, true);
      assertFalse(
          outcome.alreadyDone(), "the apiserver alone at the target is not a finished apply");
      assertEquals(
          2,
          own.commandLog().matching(NodeCommands.upgradeApply(TARGET)).size(),
          "apply ran again");
      assertTrue(files.get(scheduler).contains("kube-scheduler:" + TARGET));
      assertTrue(
          activities.kubeadmUpgradeApply(cp, TARGET, true).alreadyDone(),
          "now every static pod is at the target");
    }
  }

  @Test
  void missingEtcdToolsAreReported() {
    HostTarget cp = Lab.host(lab, "cp-1");
    assertEquals(List.of(), node.missingEtcdTools(cp));
    lab.faults().withoutEtcdClient("cp-1");
    assertEquals(List.of("etcdctl", "etcdutl"), node.missingEtcdTools(cp));
  }

  @Test
  void anAlreadyInstalledPackageGetsItsHoldBack() throws Exception {
    HostTarget w = Lab.host(lab, "w-3");
    String installed = lab.state().installedPackage("w-3", "kubelet");
    ssh.run(
        w, "sudo -n apt-mark unhold kubelet"); // as if the worker died between the install and its
    // hold
    assertFalse(lab.state().holds("w-3").contains("kubelet"));
    assertTrue(
        node.installPackages(w, List.of(new PackagePin("kubelet", installed))).alreadyDone());
    assertTrue(lab.state().holds("w-3").contains("kubelet"), "the skip path re-applies the hold");
    assertTrue(
        lab.commandLog().matching("apt-get install").stream()
            .noneMatch(c -> c.host().equals("w-3")),
        "nothing was installed");
  }

  private static void upgradeWith(NodeActivitiesImpl activities, HostTarget cp) {
    activities.setPackageRepository(cp, REPO, TARGET);
    String pkg = activities.resolvePackageVersion(cp, "kubeadm", TARGET);
    activities.installPackages(cp, List.of(new PackagePin("kubeadm", pkg)));
    activities.kubeadmUpgradeApply(cp, TARGET, true);
  }

  /** A real command's exit code 3: lab-sim's systemctl answers like systemd for a stopped unit. */
  @Test
  void aStoppedKubeletIsReadFromSystemctlExitCode3() {
    HostTarget w = Lab.host(lab, "w-2");
    // the operator stops it at the console (Bosun's sudo allow-list has no "systemctl stop")
    synchronized (lab.state().lock()) {
      lab.state().stopKubelet(lab.state().host("w-2"));
    }
    try {
      var r = ssh.run(w, NodeCommands.KUBELET_ACTIVE);
      assertEquals(3, r.exitCode());
      assertEquals("inactive", r.stdout().trim());
      assertFalse(node.readHostFacts(w).kubeletActive(), "exit 3 is an answer, not a failed read");
    } finally {
      synchronized (lab.state().lock()) {
        lab.state().restartKubelet(lab.state().host("w-2"));
      }
    }
    assertTrue(node.readHostFacts(w).kubeletActive());
  }

  @Test
  void readOnlyStepsParseTheRealFormats() {
    HostTarget cp = Lab.host(lab, "cp-1");
    assertFalse(node.checkCertificates(cp).isEmpty());
    node.kubeadmUpgradePlan(cp); // parses whatever the sim's kubeadm prints (JSON or nothing)
    String path = "/var/backups/bosun-etcd-lab1-20261121T053000Z.db";
    EtcdSnapshot snap = node.etcdSnapshot(cp, path);
    assertEquals(path, snap.path());
    assertEquals(snap, node.etcdSnapshot(cp, path));
    assertEquals(
        1,
        lab.commandLog().matching("snapshot save").stream()
            .filter(r -> r.command().contains(path))
            .count(),
        "a retried snapshot is not retaken");
  }

  @Test
  void changedHostKeyIsRefusedWithTheFingerprint() {
    int before = lab.commandLog().forHost("w-3").size();
    lab.faults().changeHostKey("w-3");
    try (SshPool fresh = new SshPool(Lab.SETTINGS)) {
      ApplicationFailure f = assertThrows(
          ApplicationFailure.class,
          () -> new NodeActivitiesImpl(fresh).readHostFacts(Lab.host(lab, "w-3")));
      assertEquals(Failures.HOST_KEY_MISMATCH, f.getType());
      assertTrue(f.isNonRetryable());
      assertTrue(
          f.getOriginalMessage().contains("SHA256:")
              && f.getOriginalMessage().contains("w-3")
              && f.getOriginalMessage().contains(lab.host("w-3").address()),
          f.getOriginalMessage());
    }
    assertEquals(
        before, lab.commandLog().forHost("w-3").size(), "nothing ran on an unverified host");
  }

  @Test
  void hungCommandTimesOutAndTheHostStaysUsable() {
    try (SshPool quick = new SshPool(new ActivitySettings(
        null, null, 4, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(5)))) {
      NodeActivitiesImpl impatient = new NodeActivitiesImpl(quick);
      HostTarget w = Lab.host(lab, "w-3");
      lab.faults().hang("w-3", "kubeadm upgrade plan", null);
      ApplicationFailure f =
          assertThrows(ApplicationFailure.class, () -> impatient.kubeadmUpgradePlan(w));
      assertEquals(Failures.COMMAND_TIMEOUT, f.getType());
      assertTrue(
          f.getOriginalMessage().contains("sudo -n kubeadm upgrade plan -o json"),
          f.getOriginalMessage());
      lab.faults().clear();
      assertEquals("apt", impatient.readHostFacts(w).packageManager());
    }
  }

  /**
   * The dpkg lock held by another apt run (unattended-upgrades): the install fails at once with apt's words and the
   * holder's pid, as a failure for the operator (retrying blindly cannot tell a 30 s apt run from a dpkg that needs
   * `dpkg --configure -a`); the holds the install line lifted are back and nothing changed. Once free, it installs.
   */
  @Test
  void aHeldDpkgLockFailsClearlyWithTheHoldsRestoredAndNothingInstalled() {
    HostTarget w = Lab.host(lab, "w-1");
    node.setPackageRepository(w, REPO, TARGET);
    String pkg = node.resolvePackageVersion(w, "kubeadm", TARGET);
    String lock =
        "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1234 (apt)\n"
            + "N: Be aware that removing the lock file is not a solution and may break your system.\n"
            + "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?";
    lab.faults().failRun("w-1", "apt-get install", 0, 100, lock);

    ApplicationFailure f = assertThrows(
        ApplicationFailure.class,
        () -> node.installPackages(w, List.of(new PackagePin("kubeadm", pkg))));
    assertEquals(Failures.COMMAND_FAILED, f.getType());
    assertTrue(f.isNonRetryable(), "the operator decides: wait, retry or abort");
    String m = f.getOriginalMessage();
    assertTrue(
        m.startsWith("w-1: ")
            && m.contains("exited 100 (holds restored)")
            && m.contains("Could not get lock /var/lib/dpkg/lock-frontend")
            && m.contains("held by process 1234 (apt)"),
        m);
    assertEquals("1.30.6-1.1", lab.state().installedPackage("w-1", "kubeadm"), "nothing installed");
    assertTrue(
        lab.state().holds("w-1").containsAll(List.of("kubeadm", "kubelet", "kubectl")),
        "holds restored: " + lab.state().holds("w-1"));

    lab.faults().clear(); // the other apt run ends
    assertFalse(node.installPackages(w, List.of(new PackagePin("kubeadm", pkg))).alreadyDone());
    assertEquals(pkg, lab.state().installedPackage("w-1", "kubeadm"));
    assertTrue(lab.state().holds("w-1").contains("kubeadm"));
  }

  @Test
  void droppedConnectionIsSurfacedOnceThenReplaced() {
    HostTarget w = Lab.host(lab, "w-4");
    node.readHostFacts(w);
    int connects = ssh.connects(w);
    lab.faults().dropConnection("w-4", "apt-mark showhold", 1);
    ApplicationFailure f = assertThrows(ApplicationFailure.class, () -> node.readHostFacts(w));
    assertEquals(Failures.SSH_CONNECTION_LOST, f.getType());
    assertFalse(f.isNonRetryable());
    assertEquals(
        List.of("kubeadm", "kubectl", "kubelet"),
        node.readHostFacts(w).held().stream().sorted().toList());
    assertEquals(connects + 1, ssh.connects(w));
  }
}
