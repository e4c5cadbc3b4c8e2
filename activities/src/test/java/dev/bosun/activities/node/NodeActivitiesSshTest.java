package dev.bosun.activities.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.Failures;
import dev.bosun.activities.ssh.EmbeddedSshd;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.activities.HostFacts;
import dev.bosun.workflows.activities.PackageChange;
import dev.bosun.workflows.activities.PackagePin;
import dev.bosun.workflows.activities.StepOutcome;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NodeActivitiesImpl over real SSH against a scripted kubeadm/apt host (a fresh host state per test). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeActivitiesSshTest {

  static final KubeVersion V1_31_2 = KubeVersion.parse("v1.31.2");
  static final String REPO = "https://pkgs.k8s.io/core:/stable:";

  @TempDir
  static Path dir;

  FakeNode node;
  EmbeddedSshd sshd;
  SshPool pool;
  NodeActivitiesImpl activities;
  HostTarget host;

  @BeforeAll
  void startServer() throws Exception {
    sshd = new EmbeddedSshd(dir, (channel, command) -> node.createCommand(channel, command));
  }

  @AfterAll
  void stopServer() throws Exception {
    sshd.close();
  }

  @BeforeEach
  void start() {
    node = new FakeNode();
    pool = new SshPool(new ActivitySettings(
        null, null, 4, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5)));
    activities = new NodeActivitiesImpl(pool);
    host = sshd.target(false);
  }

  @AfterEach
  void stop() {
    pool.close();
  }

  @Test
  void readsHostFacts() {
    HostFacts facts = activities.readHostFacts(host);
    assertEquals("apt", facts.packageManager());
    assertEquals("v1.30.6", facts.kubeadmVersion());
    assertEquals("1.30.6-1.1", facts.packages().get("kubelet"));
    assertEquals(List.of("kubeadm", "kubectl", "kubelet"), facts.held());
    assertEquals("v1.30", facts.repositoryMinor());
    assertTrue(facts.kubeletActive());
    assertEquals("x86_64", facts.architecture());
    assertTrue(node.mutations().isEmpty());
  }

  @Test
  void packageIsNotFoundUntilTheRepositoryIsSwitchedAndSwitchingTwiceIsHarmless() {
    ApplicationFailure notFound = assertThrows(
        ApplicationFailure.class, () -> activities.resolvePackageVersion(host, "kubeadm", V1_31_2));
    assertEquals(Failures.PACKAGE_NOT_FOUND, notFound.getType());
    assertTrue(notFound.isNonRetryable());
    assertTrue(
        notFound.getOriginalMessage().contains("switch it to v1.31 first"),
        notFound.getOriginalMessage());

    assertFalse(activities.setPackageRepository(host, REPO, V1_31_2).alreadyDone());
    assertTrue(activities.setPackageRepository(host, REPO, V1_31_2).alreadyDone());
    assertEquals(
        1, node.mutations().size(), "the second switch wrote nothing: " + node.mutations());
    assertEquals("1.31.2-1.1", activities.resolvePackageVersion(host, "kubeadm", V1_31_2));
  }

  @Test
  void installIsExactHeldAndSkippedWhenDone() {
    activities.setPackageRepository(host, REPO, V1_31_2);
    PackageChange first =
        activities.installPackages(host, List.of(new PackagePin("kubeadm", "1.31.2-1.1")));
    assertFalse(first.alreadyDone());
    assertEquals(List.of(new PackagePin("kubeadm", "1.30.6-1.1")), first.previous());
    assertEquals("v1.31.2", node.kubeadm);
    assertTrue(node.holds.contains("kubeadm"));
    PackageChange second =
        activities.installPackages(host, List.of(new PackagePin("kubeadm", "1.31.2-1.1")));
    assertTrue(second.alreadyDone());
    assertEquals(1, node.log.stream().filter(c -> c.contains("apt-get install")).count());
    ApplicationFailure missing = assertThrows(
        ApplicationFailure.class,
        () -> activities.installPackages(host, List.of(new PackagePin("kubelet", "1.31.9-1.1"))));
    assertEquals(Failures.COMMAND_FAILED, missing.getType());
    assertTrue(
        missing
            .getOriginalMessage()
            .contains("E: Version '1.31.9-1.1' for 'kubelet' was not found"),
        missing.getOriginalMessage());
    ApplicationFailure injected = assertThrows(
        ApplicationFailure.class,
        () -> activities.installPackages(host, List.of(new PackagePin("kubelet", "1.31.2;id"))));
    assertEquals(Failures.INVALID_INPUT, injected.getType());
  }

  @Test
  void upgradeApplyNeedsKubeadmAtTargetRunsOnceAndRefusesMinorSkips() {
    ApplicationFailure skew = assertThrows(
        ApplicationFailure.class, () -> activities.kubeadmUpgradeApply(host, V1_31_2, true));
    assertEquals(Failures.VERSION_SKEW, skew.getType());
    ApplicationFailure skip = assertThrows(
        ApplicationFailure.class,
        () -> activities.kubeadmUpgradeApply(host, KubeVersion.parse("v1.32.0"), true));
    assertEquals(Failures.VERSION_SKEW, skip.getType());
    assertTrue(
        skip.getOriginalMessage().contains("one minor at a time"), skip.getOriginalMessage());

    activities.setPackageRepository(host, REPO, V1_31_2);
    activities.installPackages(host, List.of(new PackagePin("kubeadm", "1.31.2-1.1")));
    StepOutcome applied = activities.kubeadmUpgradeApply(host, V1_31_2, true);
    assertFalse(applied.alreadyDone());
    assertTrue(applied.detail().contains("proceed with upgrading the rest"), applied.detail());
    assertTrue(activities.kubeadmUpgradeApply(host, V1_31_2, true).alreadyDone());
    assertEquals(1, node.log.stream().filter(c -> c.contains("upgrade apply")).count());
  }

  @Test
  void upgradeNodeOnAWorkerIsSkippedOnceTheKubeletIsAtTarget() {
    node.controlPlane = false;
    activities.setPackageRepository(host, REPO, V1_31_2);
    activities.installPackages(host, List.of(new PackagePin("kubeadm", "1.31.2-1.1")));
    assertFalse(activities.kubeadmUpgradeNode(host, V1_31_2, true).alreadyDone());
    activities.installPackages(
        host,
        List.of(new PackagePin("kubelet", "1.31.2-1.1"), new PackagePin("kubectl", "1.31.2-1.1")));
    assertTrue(activities.kubeadmUpgradeNode(host, V1_31_2, true).alreadyDone());
    assertEquals(
        1, node.log.stream().filter(c -> c.equals(NodeCommands.UPGRADE_NODE)).count());
    assertEquals("kubelet restarted and active", activities.restartKubelet(host).detail());
  }

  @Test
  void upToDatePlanAndCertificates() {
    assertTrue(activities.kubeadmUpgradePlan(host).upToDate());
    assertEquals(2, activities.checkCertificates(host).size());
  }

  @Test
  void etcdSnapshotIsVerifiedAndNotRetakenOnRetry() {
    String path = "/var/backups/bosun-etcd-lab1-20261121T053000Z.db";
    EtcdSnapshot first = activities.etcdSnapshot(host, path);
    assertEquals(11634, first.revision());
    assertEquals(first, activities.etcdSnapshot(host, path));
    assertEquals(1, node.log.stream().filter(c -> c.contains("snapshot save")).count());
    ApplicationFailure bad = assertThrows(
        ApplicationFailure.class, () -> activities.etcdSnapshot(host, "/var/backups/$(id).db"));
    assertEquals(Failures.INVALID_INPUT, bad.getType());
  }

  /** Output a parser cannot read will read the same on a retry: a non-retryable failure naming the host and the tool. */
  @ParameterizedTest(name = "unparseable output of `{0}` fails without retry")
  @ValueSource(
      strings = {
        NodeCommands.UPGRADE_PLAN,
        NodeCommands.CERTIFICATES,
        "sudo -n etcdutl snapshot status '/var/backups/s.db' -w json"
      })
  void unparseableOutputIsNotRetried(String command) {
    node.overrides.put(
        command, new FakeNode.Reply(0, "Error: something unexpected {\"kind\":", ""));
    ApplicationFailure f = assertThrows(ApplicationFailure.class, () -> {
      if (command.equals(NodeCommands.UPGRADE_PLAN)) {
        activities.kubeadmUpgradePlan(host);
      } else if (command.equals(NodeCommands.CERTIFICATES)) {
        activities.checkCertificates(host);
      } else {
        activities.etcdSnapshot(host, "/var/backups/s.db");
      }
    });
    assertEquals(Failures.UNPARSEABLE_OUTPUT, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().startsWith(host.node() + ": "), f.getOriginalMessage());
  }

  /** systemctl is-active exits 3 for an inactive unit: an answer to read, not a failed command. */
  @Test
  void anInactiveKubeletIsReadFromExitCode3() {
    node.overrides.put(NodeCommands.KUBELET_ACTIVE, new FakeNode.Reply(3, "inactive\n", ""));
    assertFalse(activities.readHostFacts(host).kubeletActive());
    ApplicationFailure f =
        assertThrows(ApplicationFailure.class, () -> activities.restartKubelet(host));
    assertFalse(f.isNonRetryable(), "a kubelet that did not come up may on the next attempt");
    assertTrue(
        f.getOriginalMessage().contains("kubelet is inactive after restart"),
        f.getOriginalMessage());
  }

  @Test
  void otherPackageManagersAreRefusedClearly() {
    node.osId = "alpine";
    ApplicationFailure f = assertThrows(
        ApplicationFailure.class, () -> activities.setPackageRepository(host, REPO, V1_31_2));
    assertEquals(Failures.UNSUPPORTED_PACKAGE_MANAGER, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("apk is not supported yet"), f.getOriginalMessage());
    assertNull(activities.readHostFacts(host).repositoryMinor());
  }

  @Test
  void allCommandsShareOneConnection() {
    activities.readHostFacts(host);
    activities.kubeadmUpgradePlan(host);
    assertEquals(1, pool.connects(host));
  }
}
