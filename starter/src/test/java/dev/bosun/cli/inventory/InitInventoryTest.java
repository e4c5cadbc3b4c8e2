package dev.bosun.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import dev.bosun.workflows.model.HypervisorSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import dev.bosun.workflows.model.VmSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sections bosun init reads: named hypervisors, a node's vm, init; files written before them stay valid. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InitInventoryTest {

  static final String INIT = """
      cluster: lab1
      kubernetes: { version: v1.30.6, controlPlaneEndpoint: 192.168.56.10:6443 }
      ssh: { user: vagrant, privateKey: keys/id_ed25519, knownHosts: keys/known_hosts, trustOnFirstUse: true }
      hypervisors:
        linux-box: { kind: vagrant, host: 10.0.0.5, provider: libvirt, project: /srv/labs/lab1 }
        win10: { kind: hyperv, host: 10.0.0.6, user: labadmin, vmSwitch: LabExternal, vmPath: 'D:\\VMs\\lab1' }
        mac: { kind: utm, host: 10.0.0.7, user: me }
      init: { cni: https://example.org/flannel.yml, parallelism: 3, addressTimeout: 3m }
      nodes:
        - { name: cp-1, role: control-plane, vm: { hypervisor: linux-box, image: bento/ubuntu-22.04, cpus: 2, memory: 2GiB, disk: 20GiB } }
        - { name: w-1, role: worker, vm: { hypervisor: win10, image: 'D:\\templates\\ubuntu.vhdx', memory: 4096MiB } }
        - { name: w-2, role: worker, vm: { hypervisor: mac, image: ubuntu-22.04-arm64, arch: arm64 } }
        - { name: w-3, role: worker, address: 192.168.56.23 }
      """;

  @TempDir
  Path tmp;

  InventoryFixture f;

  @BeforeEach
  void fixture() throws IOException {
    f = new InventoryFixture(tmp);
  }

  @Test
  void testAMixedClusterReadsWithDefaultsAndDiscoveredAddresses() {
    InventoryResult r = f.parse(INIT);

    assertThat(r.renderedErrors()).isEmpty();
    Inventory inv = r.inventory();
    assertThat(inv.hypervisors()).containsOnlyKeys("linux-box", "win10", "mac");
    assertThat(inv.hypervisors().get("win10").kind()).isEqualTo(HypervisorSpec.HYPERV);
    assertThat(inv.init().parallelism()).isEqualTo(3);
    assertThat(inv.init().addressTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(inv.init().sshTimeout()).isEqualTo(Duration.ofMinutes(5));
    NodeSpec cp = inv.node("cp-1");
    assertThat(cp.address()).isNull();
    assertThat(cp.vm()).isEqualTo(new VmSpec("linux-box", "bento/ubuntu-22.04", 2, 2048, 20, null));
    assertThat(inv.node("w-1").vm().memoryMiB()).isEqualTo(4096);
    assertThat(inv.node("w-2").vm().arch()).isEqualTo("arm64");
    assertThat(inv.hypervisorOf(inv.node("w-2")).kind()).isEqualTo(HypervisorSpec.UTM);
    assertThat(inv.node("w-3").vm()).isNull();
    assertThat(inv.vmNodes()).extracting(NodeSpec::name).containsExactly("cp-1", "w-1", "w-2");
  }

  @Test
  void testAnInventoryWithoutTheNewSectionsGetsInitDefaults() {
    InventoryResult r = f.parse(InventoryFixture.BASE);

    assertThat(r.renderedErrors()).isEmpty();
    assertThat(r.inventory().hypervisors()).isEmpty();
    assertThat(r.inventory().init().cniManifest()).startsWith("https://");
    assertThat(r.inventory().init().etcdReleases())
        .isEqualTo("https://github.com/etcd-io/etcd/releases/download");
  }

  @Test
  void testTheEtcdClientComesFromAMirrorOrNotAtAll() {
    InventoryResult mirror = f.parse(
        INIT.replace("parallelism: 3", "parallelism: 3, etcdReleases: 'https://mirror.lab/etcd/'"));
    assertThat(mirror.renderedErrors()).isEmpty();
    assertThat(mirror.inventory().init().etcdReleases()).isEqualTo("https://mirror.lab/etcd");
    assertThat(mirror.inventory().init().installsEtcdClient()).isTrue();

    InventoryResult none =
        f.parse(INIT.replace("parallelism: 3", "parallelism: 3, etcdClient: none"));
    assertThat(none.renderedErrors()).isEmpty();
    assertThat(none.inventory().init().installsEtcdClient()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown hypervisor name | hypervisor: mac, image: ubuntu-22.04-arm64 | hypervisor: macbook, image: ubuntu-22.04-arm64 | nodes[2].vm.hypervisor: 'macbook' | names no hypervisor: must be one of the keys of hypervisors (linux-box, win10, mac)",
        "arm64 on Hyper-V | memory: 4096MiB | memory: 4096MiB, arch: arm64 | nodes[1].vm.arch: 'arm64' | is not available on Hyper-V",
        "size without a unit | memory: 2GiB | memory: 2048 | nodes[0].vm.memory: '2048' | is not a valid size: a number and a unit",
        "too little memory | memory: 2GiB | memory: 64MiB | nodes[0].vm.memory: '64MiB' | is out of range",
        "odd arch | arch: arm64 | arch: riscv64 | nodes[2].vm.arch: 'riscv64' | must be amd64 or arm64",
        "image with a shell character | image: bento/ubuntu-22.04 | image: 'bento/ubuntu;reboot' | nodes[0].vm.image: 'bento/ubuntu;reboot' | is not a valid image",
        "vm key misspelt | cpus: 2, memory | cpu: 2, memory | nodes[0].vm.cpu | is not a known key (did you mean 'cpus'?)",
        "address of neither kind | - { name: w-3, role: worker, address: 192.168.56.23 } | - { name: w-3, role: worker } | nodes[3].address | is required",
        "cni over http | cni: https://example.org/flannel.yml | cni: http://example.org/flannel.yml | init.cni | https",
        "parallelism 0 | parallelism: 3 | parallelism: 0 | init.parallelism: '0' | is out of range: must be 1-32",
        "etcdClient unknown | parallelism: 3 | parallelism: 3, etcdClient: apt | init.etcdClient: 'apt' | must be release or none",
        "etcdReleases over http | parallelism: 3 | parallelism: 3, etcdReleases: 'http://mirror.lab/etcd' | init.etcdReleases | https",
        "etcdReleases with none | parallelism: 3 | parallelism: 3, etcdClient: none, etcdReleases: 'https://mirror.lab/etcd' | init.etcdReleases | is not used with etcdClient: none",
        "kind none as a named hypervisor | mac: { kind: utm, host: 10.0.0.7, user: me } | mac: { kind: none } | hypervisors.mac.kind: 'none' | is not allowed for a named hypervisor"
      })
  void testRefused(String name, String find, String replace, String where, String rule) {
    assertThat(INIT).contains(find);
    InventoryResult r = f.parse(INIT.replace(find, replace));

    assertThat(r.valid()).isFalse();
    assertThat(r.renderedErrors()).anySatisfy(e -> assertThat(e).contains(where).contains(rule));
  }

  @Test
  void testAVmWithoutAnyHypervisorIsRefused() {
    InventoryResult r = f.parseEdited(
        "  - { name: w-1, role: worker, address: 192.168.56.21 }",
        "  - { name: w-1, role: worker, vm: { image: bento/ubuntu-22.04 } }");

    assertThat(r.renderedErrors())
        .anySatisfy(e ->
            assertThat(e).contains("nodes[1].vm.hypervisor").contains("a VM needs a hypervisor"));
  }

  @Test
  void testTheInitLabsInventoryValidates() throws Exception {
    try (LabSim lab = LabSim.start(LabSpec.forInit("lab1", 3, 3, "v1.30.6", tmp.resolve("lab")))) {
      InventoryResult r = new InventoryLoader(tmp.resolve("home")).load(lab.inventoryFile());

      assertThat(r.renderedErrors()).isEmpty();
      Inventory inv = r.inventory();
      assertThat(inv.vmNodes()).hasSize(6);
      assertThat(inv.ssh().trustOnFirstUse()).isTrue();
      assertThat(inv.nodes())
          .extracting(n -> Inventory.hypervisorName(n))
          .containsExactly("linux-box", "linux-box", "linux-box", "linux-box", "win10", "mac");
      assertThat(inv.node("w-3").vm().arch()).isEqualTo("arm64");
    }
  }
}
