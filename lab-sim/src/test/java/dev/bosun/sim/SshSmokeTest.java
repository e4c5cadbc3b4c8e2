package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshSmokeTest {

  @TempDir
  static Path dir;

  static LabSim lab;

  @BeforeAll
  static void start() throws Exception {
    lab = LabSim.start(LabSpec.of("lab1", 2, 3, "v1.30.6", dir));
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  @Test
  void testStdinReachesTheCommandAndTheFileStaysWritten() throws Exception {
    String config =
        "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.6\n";
    try (SshExec ssh = new SshExec(lab, "w-1")) {
      SshExec.Out written =
          ssh.exec("sudo -n tee /etc/kubernetes/kubeadm-init.yaml >/dev/null", config);
      assertThat(written.exit()).isZero();
      assertThat(written.stdout()).isEmpty();
      assertThat(ssh.exec("sudo -n cat /etc/kubernetes/kubeadm-init.yaml").stdout())
          .isEqualTo(config);
      // a command that reads no stdin does not wait for the client to close it
      assertThat(ssh.exec("hostname").stdout()).isEqualTo("w-1\n");
    }
    try (SshExec again = new SshExec(lab, "w-1")) {
      assertThat(again.exec("sudo -n cat /etc/kubernetes/kubeadm-init.yaml").stdout())
          .isEqualTo(config);
    }
  }

  /** The restore drill's credentials file: umask, mktemp, written from stdin, removed. */
  @Test
  void testMktempMakesANewFileThatStdinFillsAndRmRemoves() throws Exception {
    try (SshExec ssh = new SshExec(lab, "cp-1")) {
      SshExec.Out made = ssh.exec("umask 077 && mktemp /tmp/bosun-velero-credentials.XXXXXXXXXX");
      assertThat(made.exit()).as(made.stderr()).isZero();
      String path = made.stdout().strip();
      assertThat(path).matches("/tmp/bosun-velero-credentials\\.[A-Za-z0-9]{10}");
      assertThat(ssh.exec("mktemp /tmp/bosun-velero-credentials.XXXXXXXXXX")
              .stdout()
              .strip())
          .isNotEqualTo(path);
      assertThat(ssh.exec("cat > " + path, "[default]\n").exit()).isZero();
      assertThat(ssh.exec("cat " + path).stdout()).isEqualTo("[default]\n");
      assertThat(ssh.exec("rm -f " + path).exit()).isZero();
      assertThat(ssh.exec("cat " + path).exit()).isNotZero();
      assertThat(ssh.exec("mktemp /tmp/fewXX").stderr()).contains("too few X's");
      assertThat(ssh.exec("umask 099").stderr()).contains("octal number out of range");
      assertThat(ssh.exec("mktemp /etc/x.XXXXXX").stderr()).contains("Permission denied");
    }
  }

  @Test
  void testEachHostAnswersAtItsOwnAddressWithItsOwnKey() throws Exception {
    for (SimHost h : lab.hosts()) {
      try (SshExec ssh = new SshExec(lab, h.name())) {
        SshExec.Out out = ssh.exec("hostname");
        assertThat(out.stdout()).isEqualTo(h.name() + "\n");
        assertThat(out.exit()).isZero();
      }
    }
    assertThat(lab.commandLog().forHost("w-2"))
        .extracting(CommandRecord::command)
        .containsExactly("hostname");
  }

  @Test
  void testAddressesStayDistinctPastTwoHundredFiftyWorkers(@TempDir Path other) throws Exception {
    try (LabSim big =
        LabSim.start(LabSpec.of("big", 1, 300, "v1.30.6", other).withAppReplicasPerWorker(0))) {
      assertThat(big.hosts()).extracting(SimHost::address).doesNotHaveDuplicates();
      assertThat(big.host("w-251").address()).isEqualTo("127.0.3.1");
      try (SshExec ssh = new SshExec(big, "w-300")) {
        assertThat(ssh.exec("hostname").stdout()).isEqualTo("w-300\n");
      }
    }
  }

  @Test
  void testDeletedMirrorPodComesBack() {
    lab.state()
        .read(
            c -> c.deletePod("kube-system", "kube-apiserver-cp-2", 0L, System.currentTimeMillis()));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(3))
        .until(() -> lab.state().read(c -> c.pod("kube-system", "kube-apiserver-cp-2")) != null);
  }

  @Test
  void testWritesKeyKnownHostsAndInventory() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.privateKey())))
        .isEqualTo("rw-------");
    assertThat(Files.readString(lab.privateKey()))
        .startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    assertThat(Files.readAllLines(lab.knownHosts()))
        .hasSize(5)
        .first()
        .asString()
        .startsWith("[127.0.1.1]:" + lab.sshPort() + " ecdsa-sha2-nistp256 AAAA");
    assertThat(Files.readString(lab.inventoryFile()))
        .contains(
            "cluster: lab1",
            "- { name: w-3, role: worker, address: 127.0.2.3 }",
            "port: " + lab.sshPort());
  }

  @Test
  void testALabBesideAnotherAnswersOnItsPortToItsKey(@TempDir Path other) throws Exception {
    try (LabSim beside =
        LabSim.startBeside(LabSpec.forInit("lab1-drill", 1, 1, "v1.30.6", other), lab)) {
      assertThat(beside.sshPort()).isEqualTo(lab.sshPort());
      // the first lab's own key file logs in to the second lab's host (its known_hosts knows that
      // host)
      try (SshExec ssh = new SshExec(
          beside.host(HypervisorHosts.VAGRANT).address(),
          lab.sshPort(),
          beside.knownHosts(),
          lab.privateKey())) {
        assertThat(ssh.exec("hostname").stdout()).isEqualTo(HypervisorHosts.VAGRANT + "\n");
      }
    }
  }
}
