package dev.bosun.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.workflows.model.ApprovalGate;
import dev.bosun.workflows.model.DrainOptions;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.KubernetesSpec;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.UpgradeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class InventoryValidTest {

  /** examples/ relative to the starter module (surefire's working directory). */
  static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "examples/{0} validates with the example keys in place")
  @ValueSource(strings = {"lab.yaml", "hyperv.yaml", "utm.yaml"})
  void testExamplesValidate(String name) {
    Path home = tmp.resolve("home");
    assertThat(ExampleKeys.ensure(home))
        .as("ssh-keygen created the example key")
        .isTrue();

    InventoryResult result = new InventoryLoader(home).load(EXAMPLES.resolve(name));

    assertThat(result.renderedErrors()).isEmpty();
    assertThat(result.inventory().controlPlanes()).isNotEmpty();
    assertThat(result.inventory().ssh().privateKey())
        .isEqualTo(home.resolve(".bosun/examples/lab_ed25519").toString());
  }

  @Test
  void testLabExampleHasThreeControlPlanesAndFiveWorkersOnVagrantLibvirt() {
    Path home = tmp.resolve("home");
    ExampleKeys.ensure(home);
    Inventory inv = new InventoryLoader(home).load(EXAMPLES.resolve("lab.yaml")).inventory();

    assertThat(inv.controlPlanes())
        .extracting(n -> n.name())
        .containsExactly("cp-1", "cp-2", "cp-3");
    assertThat(inv.workers()).hasSize(5).allMatch(n -> n.address().startsWith("192.168.56."));
    assertThat(inv.hypervisor().kind()).isEqualTo(HypervisorSpec.VAGRANT);
    assertThat(inv.hypervisor().provider()).isEqualTo("libvirt");
    assertThat(inv.upgrade().maxUnavailable()).isEqualTo("2");
    assertThat(inv.upgrade().approval()).isEqualTo(ApprovalGate.BEFORE_WORKERS);
    assertThat(inv.drill().checks()).hasSize(3);
    assertThat(inv.drill().scratch().controlPlaneEndpoint()).isEqualTo("192.168.57.10:6443");
    assertThat(inv.drill().scratch().nodes())
        .extracting(n -> n.name())
        .containsExactly("d-cp-1", "d-w-1");
    assertThat(inv.drill().scratch().nodes().get(0).vm().image()).isEqualTo("bento/debian-12");
    assertThat(inv.drill().velero().scratchBucket()).isEqualTo("minio:drill-scratch");
    assertThat(inv.drill().velero().region()).isEqualTo("us-east-1");
    // the drill's own rules pass the example: a drill of it could start
    assertThat(dev.bosun.workflows.rules.DrillRules.problems(inv)).isEmpty();
  }

  @Test
  void testExampleKeyIsOwnerOnlyAndReused() throws IOException {
    Path home = tmp.resolve("home");
    assertThat(ExampleKeys.ensure(home)).isTrue();
    Path key = home.resolve(".bosun/examples/lab_ed25519");
    String first = Files.readString(key);
    assertThat(first).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");

    ExampleKeys.ensure(home);
    assertThat(Files.readString(key)).as("an existing key is kept").isEqualTo(first);
  }

  @Test
  void testDefaultsAreAppliedAfterValidation() throws IOException {
    InventoryFixture f = new InventoryFixture(tmp);
    InventoryResult result = f.parse(InventoryFixture.BASE);

    assertThat(result.renderedErrors()).isEmpty();
    Inventory inv = result.inventory();
    assertThat(inv.ssh().port()).isEqualTo(22);
    assertThat(inv.ssh().privateKey()).isEqualTo(f.key.toString());
    assertThat(inv.ssh().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(inv.upgrade()).isEqualTo(UpgradeSpec.defaults());
    assertThat(inv.upgrade().drain()).isEqualTo(DrainOptions.defaults());
    assertThat(inv.kubernetes().packageRepository())
        .isEqualTo(KubernetesSpec.DEFAULT_PACKAGE_REPOSITORY);
    assertThat(inv.kubernetes().podSubnet()).isEqualTo("10.244.0.0/16");
    assertThat(inv.hypervisor().kind()).isEqualTo(HypervisorSpec.NONE);
    assertThat(inv.backup()).isNull();
    assertThat(inv.nodes())
        .extracting(n -> n.role())
        .containsExactly(NodeRole.CONTROL_PLANE, NodeRole.WORKER);
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void testSnapshotBeforeUpgradeIsOffByDefaultAndReadWhenSet() throws IOException {
    InventoryFixture f = new InventoryFixture(tmp);
    assertThat(f.parse(InventoryFixture.BASE).inventory().upgrade().snapshotBeforeUpgrade())
        .isFalse();
    InventoryResult on = f.parse(
        InventoryFixture.BASE + "upgrade: { snapshotBeforeUpgrade: true, maxFailedNodes: 2 }\n");
    assertThat(on.renderedErrors()).isEmpty();
    assertThat(on.inventory().upgrade().snapshotBeforeUpgrade()).isTrue();
    assertThat(on.inventory().upgrade().maxFailedNodes()).isEqualTo(2);
    assertThat(f.parse(InventoryFixture.BASE + "upgrade: { snapshotBeforeUpgrade: sometimes }\n")
            .renderedErrors())
        .anyMatch(e -> e.contains("upgrade.snapshotBeforeUpgrade"));
  }

  @Test
  void testCertificateRenewalIsOnByDefaultAndReadWhenSet() throws IOException {
    InventoryFixture f = new InventoryFixture(tmp);
    assertThat(f.parse(InventoryFixture.BASE).inventory().upgrade().certificateRenewalOrDefault())
        .isTrue();
    InventoryResult off =
        f.parse(InventoryFixture.BASE + "upgrade: { certificateRenewal: false }\n");
    assertThat(off.renderedErrors()).isEmpty();
    assertThat(off.inventory().upgrade().certificateRenewalOrDefault()).isFalse();
    assertThat(f.parse(InventoryFixture.BASE + "upgrade: { certificateRenewal: later }\n")
            .renderedErrors())
        .anyMatch(e -> e.contains("upgrade.certificateRenewal"));
  }

  @Test
  void testPartialDrainKeepsOtherDefaults() throws IOException {
    InventoryFixture f = new InventoryFixture(tmp);
    Inventory inv = f.parse(
            InventoryFixture.BASE + "upgrade: { drain: { timeout: 5m, force: true } }\n")
        .inventory();

    assertThat(inv.upgrade().drain().timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(inv.upgrade().drain().force()).isTrue();
    assertThat(inv.upgrade().drain().gracePeriodSeconds()).isEqualTo(-1);
    assertThat(inv.upgrade().drain().ignoreDaemonSets()).isTrue();
  }

  @Test
  void testEvenControlPlaneCountIsAWarningNotAnError() throws IOException {
    InventoryFixture f = new InventoryFixture(tmp);
    InventoryResult result = f.parse(InventoryFixture.BASE
        + "  - { name: cp-2, role: control-plane, address: 192.168.56.12 }\n");

    assertThat(result.valid()).isTrue();
    assertThat(result.renderedWarnings())
        .singleElement()
        .asString()
        .startsWith("lab.yaml:10:3: nodes: 2 control planes: etcd needs a majority");
  }
}
