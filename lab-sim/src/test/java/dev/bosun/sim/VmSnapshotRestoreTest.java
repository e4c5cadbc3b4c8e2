package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.sim.host.HostState;
import dev.bosun.sim.host.KubeadmRole;
import dev.bosun.sim.host.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM snapshot holds the guest's whole state: after packages, holds, the repository and the kubelet moved on, a restore
 * brings every one of them back, and the Node follows as after a reboot (NotReady, then Ready at the restored kubelet).
 * Vagrant-libvirt's live snapshot runs on at once; a Hyper-V production checkpoint restores to an Off VM that the next
 * Start-VM boots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VmSnapshotRestoreTest {

  static final String QUIET =
      "$ProgressPreference='SilentlyContinue'; $ErrorActionPreference='Stop'\n";
  static final String OLD = "1.30.6-1.1";
  static final String NEW = "1.31.2-1.1";
  static final String OLD_LIST =
      "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /\n";
  static final String NEW_LIST = OLD_LIST.replace("v1.30", "v1.31");
  static final String IN = "cd /home/bosun/labs/p && ";
  static final String VAGRANTFILE = "# bosun:cluster=lab\nVagrant.configure(\"2\") do |config|\n"
      + "  config.vm.define \"lab-w-1\" do |m|\n    m.vm.box = \"bento/ubuntu-22.04\"\n  end\nend\n";

  @TempDir
  static Path dir;

  LabSim lab;

  @BeforeAll
  void start() throws Exception {
    lab = LabSim.start(
        LabSpec.forInit("lab", 1, 3, "v1.30.6", dir).withNotReadyWindow(Duration.ofMillis(300)));
  }

  @AfterAll
  void stop() {
    lab.close();
  }

  static String ps(String script) {
    return "powershell -NoProfile -NonInteractive -EncodedCommand "
        + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
  }

  @Test
  void vagrantRestoreBringsBackPackagesHoldsRepositoryAndTheKubeletAndTheNodeFollows()
      throws Exception {
    assertThat(lab.run(
                HypervisorHosts.VAGRANT,
                "mkdir -p /home/bosun/labs/p && tee /home/bosun/labs/p/Vagrantfile > /dev/null",
                VAGRANTFILE)
            .exitCode())
        .isZero();
    assertThat(lab.run(
                HypervisorHosts.VAGRANT,
                IN + "vagrant up lab-w-1 --provider=libvirt --machine-readable")
            .exitCode())
        .isZero();
    joinedWorkerAt("w-1", OLD);

    assertThat(lab.run(
                HypervisorHosts.VAGRANT,
                IN + "vagrant snapshot save lab-w-1 bosun-pre-upgrade-v1.31.2 --machine-readable")
            .exitCode())
        .isZero();
    upgradeTo("w-1", NEW);
    assertThat(lab.state().nodeKubeletVersion("w-1")).isEqualTo("v1.31.2");

    assertThat(lab.run(
                HypervisorHosts.VAGRANT,
                IN
                    + "vagrant snapshot restore lab-w-1 bosun-pre-upgrade-v1.31.2 --machine-readable")
            .exitCode())
        .isZero();
    assertBackAtTheOldVersion("w-1");
    assertThat(lab.state().kubeletActive("w-1")).isTrue();
    assertThat(lab.state().kubeletRunningVersion("w-1")).isEqualTo("v1.30.6");
    assertThat(lab.state().nodeReady("w-1"))
        .as("the restored kubelet starts: NotReady first")
        .isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> lab.state().nodeReady("w-1"));
    assertThat(lab.state().nodeKubeletVersion("w-1")).isEqualTo("v1.30.6");

    // The snapshot outlives its restore (restorable again) until it is deleted.
    assertThat(lab.run(
                HypervisorHosts.VAGRANT, IN + "vagrant snapshot list lab-w-1 --machine-readable")
            .stdout())
        .contains(",lab-w-1,ui,detail,bosun-pre-upgrade-v1.31.2");
    assertThat(lab.run(
                HypervisorHosts.VAGRANT,
                IN + "vagrant snapshot delete lab-w-1 bosun-pre-upgrade-v1.31.2 --machine-readable")
            .exitCode())
        .isZero();
    assertThat(lab.state()
            .hypervisors()
            .vms(HypervisorHosts.VAGRANT)
            .get("lab-w-1")
            .snapshots())
        .isEmpty();
  }

  @Test
  void hyperVCheckpointRestoresToAnOffVmWhoseBootStartsTheRestoredKubelet() throws Exception {
    String make = QUIET + "New-VHD -Path 'C:\\VMs\\lab\\lab-w-2.vhdx' -ParentPath '"
        + HypervisorHosts.HYPERV_TEMPLATE + "' -Differencing | Out-Null\n"
        + "New-VM -Name 'lab-w-2' -MemoryStartupBytes 1073741824 -VHDPath 'C:\\VMs\\lab\\lab-w-2.vhdx' -SwitchName 'LabExternal' -Generation 2"
        + " | Out-Null\nStart-VM -Name 'lab-w-2'\n";
    assertThat(lab.run(HypervisorHosts.HYPERV, ps(make)).exitCode()).isZero();
    joinedWorkerAt("w-2", OLD);

    assertThat(lab.run(
                HypervisorHosts.HYPERV,
                ps(QUIET
                    + "Checkpoint-VM -Name 'lab-w-2' -SnapshotName 'bosun-pre-upgrade-v1.31.2'"))
            .exitCode())
        .isZero();
    upgradeTo("w-2", NEW);

    assertThat(lab.run(
                HypervisorHosts.HYPERV,
                ps(QUIET + "Restore-VMSnapshot -VMName 'lab-w-2' -Name 'bosun-pre-upgrade-v1.31.2'"
                    + " -Confirm:$false"))
            .exitCode())
        .isZero();
    assertBackAtTheOldVersion("w-2");
    assertThat(lab.state().kubeletActive("w-2"))
        .as("the VM is off after a production checkpoint's restore")
        .isFalse();
    assertThat(lab.state().nodeReady("w-2")).isFalse();

    assertThat(lab.run(HypervisorHosts.HYPERV, ps(QUIET + "Start-VM -Name 'lab-w-2'"))
            .exitCode())
        .isZero();
    assertThat(lab.state().kubeletRunningVersion("w-2")).isEqualTo("v1.30.6");
    await().atMost(Duration.ofSeconds(10)).until(() -> lab.state().nodeReady("w-2"));
    assertThat(lab.state().nodeKubeletVersion("w-2")).isEqualTo("v1.30.6");
  }

  /** The guest as a joined worker at {@code pkg}: packages held, repository at their minor, kubelet running, Node Ready. */
  private void joinedWorkerAt(String node, String pkg) {
    synchronized (lab.state().lock()) {
      HostState h = lab.state().host(node);
      h.provisioned();
      for (String p : new String[] {"kubeadm", "kubelet", "kubectl"}) {
        h.packages().put(p, pkg);
        h.holds().add(p);
      }
      h.files().put(HostState.KUBERNETES_LIST, OLD_LIST);
      h.kubeadmRole(KubeadmRole.WORKER);
      lab.state().registerNode(h, false);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> lab.state().nodeReady(node));
    assertThat(lab.state().nodeKubeletVersion(node)).isEqualTo("v1.30.6");
  }

  /** What an upgrade does to the guest before it fails: repository, packages (holds lifted), kubelet restarted. */
  private void upgradeTo(String node, String pkg) throws Exception {
    synchronized (lab.state().lock()) {
      HostState h = lab.state().host(node);
      h.files().put(HostState.KUBERNETES_LIST, NEW_LIST);
      h.aptIndexMinor("v1.31");
      h.packages().put("kubeadm", pkg);
      h.packages().put("kubelet", pkg);
      h.holds().remove("kubelet");
      h.files().put("/var/lib/kubelet/config.yaml", "upgraded\n");
      h.kubeletConfigVersion(Version.parse(pkg));
    }
    assertThat(lab.run(node, "sudo -n systemctl daemon-reload && sudo -n systemctl restart kubelet")
            .exitCode())
        .isZero();
    assertThat(lab.state().kubeletRunningVersion(node)).isEqualTo("v1.31.2");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() ->
            lab.state().nodeReady(node) && "v1.31.2".equals(lab.state().nodeKubeletVersion(node)));
  }

  private void assertBackAtTheOldVersion(String node) {
    for (String p : new String[] {"kubeadm", "kubelet", "kubectl"}) {
      assertThat(lab.state().installedPackage(node, p)).as(p).isEqualTo(OLD);
    }
    assertThat(lab.state().holds(node)).isEqualTo(Set.of("kubeadm", "kubelet", "kubectl"));
    assertThat(lab.state().file(node, HostState.KUBERNETES_LIST)).isEqualTo(OLD_LIST);
    assertThat(lab.state().configuredRepositoryMinor(node)).isEqualTo("v1.30");
    assertThat(lab.state().file(node, "/var/lib/kubelet/config.yaml"))
        .as("a file written after the snapshot is gone")
        .isNull();
    synchronized (lab.state().lock()) {
      assertThat(lab.state().host(node).kubeletConfigVersion()).hasToString("v1.30.6");
      assertThat(lab.state().host(node).aptIndexMinor()).isNull();
    }
  }
}
