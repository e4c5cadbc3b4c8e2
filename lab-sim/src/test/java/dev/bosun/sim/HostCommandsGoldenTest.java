package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.sim.shell.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each host program against the reference formats (stdout, stderr, exit code), through the simulated shell. */
class HostCommandsGoldenTest {

  private static final String HINT =
      "To see the stack trace of this error execute with --v=5 or higher\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  static LabSim lab;

  @BeforeAll
  static void start() throws Exception {
    lab = LabSim.start(LabSpec.of("lab1", 2, 2, "v1.30.6", dir));
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  private static Result run(String host, String command) throws InterruptedException {
    return lab.run(host, command);
  }

  @Test
  void testKubeadmVersionShortAndJson() throws Exception {
    assertThat(run("cp-1", "kubeadm version -o short")).isEqualTo(new Result(0, "v1.30.6\n", ""));
    Result json = run("cp-1", "kubeadm version -o json");
    assertThat(json.stdout())
        .startsWith(
            "{\n  \"clientVersion\": {\n    \"major\": \"1\",\n    \"minor\": \"30\",\n    \"gitVersion\": \"v1.30.6\",");
    assertThat(JSON.readTree(json.stdout()).at("/clientVersion/platform").asText())
        .isEqualTo("linux/amd64");
  }

  @Test
  void testKubeletVersionAndIsActive() throws Exception {
    assertThat(run("w-1", "kubelet --version"))
        .isEqualTo(new Result(0, "Kubernetes v1.30.6\n", ""));
    assertThat(run("w-1", "systemctl is-active kubelet")).isEqualTo(new Result(0, "active\n", ""));
  }

  @Test
  void testDpkgQueryFormatAndMissingPackage() throws Exception {
    assertThat(run("w-1", "dpkg-query -W -f='${Package} ${Version}\\n' kubeadm kubelet kubectl"))
        .isEqualTo(
            new Result(0, "kubeadm 1.30.6-1.1\nkubelet 1.30.6-1.1\nkubectl 1.30.6-1.1\n", ""));
    assertThat(run("w-1", "dpkg-query -W -f='${Package} ${Version}\\n' kubeadm cri-tools"))
        .isEqualTo(new Result(
            1, "kubeadm 1.30.6-1.1\n", "dpkg-query: no packages found matching cri-tools\n"));
  }

  @Test
  void testHoldsRepositoryAndMadison() throws Exception {
    assertThat(run("w-2", "apt-mark showhold"))
        .isEqualTo(new Result(0, "kubeadm\nkubectl\nkubelet\n", ""));
    assertThat(run("w-2", "cat /etc/apt/sources.list.d/kubernetes.list"))
        .isEqualTo(new Result(
            0,
            "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /\n",
            ""));
    Result madison = run("w-2", "apt-cache madison kubeadm");
    assertThat(madison.exitCode()).isZero();
    assertThat(madison.stdout().lines().findFirst().orElseThrow())
        .isEqualTo(
            "   kubeadm | 1.30.9-1.1 | https://pkgs.k8s.io/core:/stable:/v1.30/deb  Packages");
    assertThat(madison.stdout().lines())
        .hasSize(10)
        .contains(
            "   kubeadm | 1.30.0-1.1 | https://pkgs.k8s.io/core:/stable:/v1.30/deb  Packages");
    assertThat(run("w-2", "apt-cache madison nothing-like-this")).isEqualTo(new Result(0, "", ""));
  }

  @Test
  void testFilesOsReleaseUnameAndMissingFile() throws Exception {
    assertThat(run("w-1", "cat /etc/os-release").stdout())
        .contains("ID=ubuntu\n", "ID_LIKE=debian\n", "VERSION_ID=\"22.04\"\n");
    assertThat(run("w-1", "uname -m")).isEqualTo(new Result(0, "x86_64\n", ""));
    assertThat(run("w-1", "cat /etc/kubernetes/admin.conf"))
        .isEqualTo(
            new Result(1, "", "cat: /etc/kubernetes/admin.conf: No such file or directory\n"));
    assertThat(run("w-1", "test -f /etc/os-release").exitCode()).isZero();
    assertThat(run("w-1", "test -f /etc/nothing").exitCode()).isOne();
  }

  @Test
  void testRootOnlyFilesAndCommandsNeedSudo() throws Exception {
    assertThat(run("cp-1", "cat /etc/kubernetes/admin.conf"))
        .isEqualTo(new Result(1, "", "cat: /etc/kubernetes/admin.conf: Permission denied\n"));
    Result conf = run("cp-1", "sudo -n cat /etc/kubernetes/admin.conf");
    assertThat(conf.stdout())
        .contains(
            "server: " + lab.apiServerUrl(), "client-key-data: ", "certificate-authority-data: ");
    assertThat(run("cp-1", "sudo -n cat /etc/kubernetes/manifests/kube-apiserver.yaml")
            .stdout())
        .contains("image: registry.k8s.io/kube-apiserver:v1.30.6\n");
    assertThat(run("w-1", "apt-get update").exitCode()).isEqualTo(100);
    assertThat(run("w-1", "apt-mark hold kubeadm"))
        .isEqualTo(new Result(
            100,
            "",
            "E: Could not create temporary file for /var/lib/apt/extended_states - mkstemp (13: Permission denied)\n"
                + "E: Failed to write temporary StateFile /var/lib/apt/extended_states\n"));
    Result plan = run("cp-1", "kubeadm upgrade plan");
    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.stderr())
        .contains("[ERROR IsPrivilegedUser]: user is not running as root")
        .endsWith(HINT);
    assertThat(run("w-1", "systemctl restart kubelet").exitCode()).isOne();
    assertThat(run("w-1", "sudo kubelet --version").stderr())
        .contains("sudo: a password is required");
  }

  @Test
  void testAptMarkIsIdempotentWithAptsMessages() throws Exception {
    assertThat(run("w-2", "sudo -n apt-mark hold kubeadm"))
        .isEqualTo(new Result(0, "kubeadm was already set on hold.\n", ""));
    assertThat(run("w-2", "sudo -n apt-mark unhold kubectl"))
        .isEqualTo(new Result(0, "Canceled hold on kubectl.\n", ""));
    assertThat(run("w-2", "sudo -n apt-mark unhold kubectl"))
        .isEqualTo(new Result(0, "kubectl was already not hold.\n", ""));
    assertThat(run("w-2", "sudo -n apt-mark hold kubectl"))
        .isEqualTo(new Result(0, "kubectl set on hold.\n", ""));
    assertThat(run("w-2", "sudo -n apt-mark hold nosuchpkg"))
        .isEqualTo(new Result(100, "", "E: Unable to locate package nosuchpkg\n"));
  }

  @Test
  void testUnknownCommandIs127() throws Exception {
    assertThat(run("w-1", "kubectl-nope get pods"))
        .isEqualTo(new Result(127, "", "bash: kubectl-nope: command not found\n"));
    assertThat(run("w-1", "sudo -n frobnicate"))
        .isEqualTo(new Result(1, "", "sudo: frobnicate: command not found\n"));
  }

  @Test
  void testUpgradePlanJsonIsEmptyWhenUpToDate() throws Exception {
    Result plan = run("cp-1", "sudo -n kubeadm upgrade plan -o json");
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.stdout()).isEmpty();
    assertThat(plan.stderr())
        .contains("falling back to the local client version: v1.30.6")
        .startsWith("W");
  }

  @Test
  void testUpgradePlanOnWorkerFails() throws Exception {
    Result plan = run("w-1", "sudo -n kubeadm upgrade plan -o json");
    assertThat(plan.exitCode()).isOne();
    assertThat(plan.stderr())
        .contains("/etc/kubernetes/admin.conf: no such file or directory")
        .endsWith(HINT);
  }

  @Test
  void testCertsCheckExpirationJson() throws Exception {
    Result certs = run("cp-1", "sudo -n kubeadm certs check-expiration -o json");
    assertThat(certs.exitCode()).isZero();
    JsonNode n = JSON.readTree(certs.stdout());
    assertThat(n.get("kind").asText()).isEqualTo("CertificateExpirationInfo");
    assertThat(n.get("apiVersion").asText()).isEqualTo("output.kubeadm.k8s.io/v1alpha3");
    assertThat(n.get("certificates")).hasSize(11);
    JsonNode apiserver = n.get("certificates").get(1);
    assertThat(apiserver.get("name").asText()).isEqualTo("apiserver");
    assertThat(apiserver.get("residualTime").asLong()).isBetween(364L * 86400, 365L * 86400);
    assertThat(apiserver.get("caName").asText()).isEqualTo("ca");
    assertThat(n.get("certificateAuthorities").get(0).has("caName")).isFalse();
  }

  @Test
  void testEtcdSnapshotSaveAndStatus() throws Exception {
    String file = "/var/backups/bosun-etcd-lab1-20261121T053000Z.db";
    Result save = run(
        "cp-1",
        "sudo -n ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt "
            + "--cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key snapshot save '"
            + file + "'");
    assertThat(save.exitCode()).isZero();
    assertThat(save.stdout()).isEqualTo("Snapshot saved at " + file + "\n");
    assertThat(save.stderr().lines()).allMatch(l -> l.startsWith("{\"level\":\"info\""));
    Result status = run("cp-1", "sudo -n etcdutl snapshot status '" + file + "' -w json");
    assertThat(status.exitCode()).isZero();
    JsonNode s = JSON.readTree(status.stdout());
    assertThat(s.fieldNames())
        .toIterable()
        .containsExactly("hash", "revision", "totalKey", "totalSize", "version");
    assertThat(run("cp-1", "sudo -n etcdutl snapshot status /var/backups/none.db -w json"))
        .isEqualTo(
            new Result(1, "", "Error: stat /var/backups/none.db: no such file or directory\n"));
  }

  @Test
  void testEtcdClientVersionAndItsAbsence() throws Exception {
    assertThat(run("cp-2", "etcdctl version"))
        .isEqualTo(new Result(0, "etcdctl version: 3.5.15\nAPI version: 3.5\n", ""));
    assertThat(run("cp-2", "etcdutl version"))
        .isEqualTo(new Result(0, "etcdutl version: 3.5.15\nAPI version: 3.5\n", ""));
    lab.faults().withoutEtcdClient("cp-2");
    try {
      assertThat(run("cp-2", "etcdctl version"))
          .isEqualTo(new Result(127, "", "bash: etcdctl: command not found\n"));
      assertThat(run("cp-2", "etcdutl version"))
          .isEqualTo(new Result(127, "", "bash: etcdutl: command not found\n"));
    } finally {
      lab.faults().clear();
    }
    assertThat(run("cp-2", "etcdctl version").exitCode())
        .as("clear() puts the tools back")
        .isZero();
  }

  /** The etcd quorum guard's reads: the lab's control planes are the members; etcdMemberDown makes one unhealthy. */
  @Test
  void testEtcdMemberListAndEndpointHealth() throws Exception {
    String etcdctl = "sudo -n ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379"
        + " --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt"
        + " --key=/etc/kubernetes/pki/etcd/server.key ";
    ObjectMapper json = new ObjectMapper();
    Result list = run("cp-1", etcdctl + "member list -w json");
    assertThat(list.exitCode()).isZero();
    JsonNode members = json.readTree(list.stdout()).get("members");
    assertThat(members).hasSize(2);
    assertThat(members.get(1).get("name").asText()).isEqualTo("cp-2");
    assertThat(
            members.get(1).get("ID").isBigInteger() || members.get(1).get("ID").isLong())
        .as("IDs are unsigned decimal numbers, as etcdctl prints them")
        .isTrue();
    String cp2 = "https://" + lab.state().host("cp-2").address() + ":2379";
    assertThat(members.get(1).get("clientURLs").get(0).asText()).isEqualTo(cp2);
    Result healthy = run("cp-1", etcdctl + "endpoint health --cluster -w json");
    assertThat(healthy.exitCode()).isZero();
    assertThat(json.readTree(healthy.stdout()).findValuesAsText("health"))
        .containsExactly("true", "true");

    lab.faults().etcdMemberDown("cp-2");
    try {
      Result sick = run("cp-1", etcdctl + "endpoint health --cluster -w json");
      assertThat(sick.exitCode()).isEqualTo(1);
      assertThat(sick.stderr()).isEqualTo("Error: unhealthy cluster\n");
      JsonNode down = json.readTree(sick.stdout()).get(1);
      assertThat(down.get("endpoint").asText()).isEqualTo(cp2);
      assertThat(down.get("health").asBoolean()).isFalse();
      assertThat(down.get("error").asText())
          .isEqualTo("failed to commit proposal: context deadline exceeded");
      Result local = run("cp-2", etcdctl + "member list -w json");
      assertThat(local.exitCode()).isEqualTo(1);
      assertThat(local.stderr()).endsWith("Error: context deadline exceeded\n");
    } finally {
      lab.faults().clear();
    }
    assertThat(run("cp-1", etcdctl + "endpoint health --cluster -w json").exitCode())
        .as("clear() brings the member back")
        .isZero();
  }

  @Test
  void testShellSyntaxQuotingRedirectsAndConnectors() throws Exception {
    assertThat(run("w-1", "echo 'a  b' \"c d\"")).isEqualTo(new Result(0, "a  b c d\n", ""));
    assertThat(run("w-1", "false && echo no || echo yes")).isEqualTo(new Result(0, "yes\n", ""));
    assertThat(run("w-1", "cat /nope 2>&1"))
        .isEqualTo(new Result(1, "cat: /nope: No such file or directory\n", ""));
    assertThat(run("w-1", "echo hi > /dev/null")).isEqualTo(new Result(0, "", ""));
    assertThat(run("w-1", "echo hi | tee /etc/x"))
        .isEqualTo(new Result(1, "hi\n", "tee: /etc/x: Permission denied\n"));
    assertThat(run("w-1", "echo 'unterminated")).extracting(Result::exitCode).isEqualTo(2);
  }

  @Test
  void testRepresentativeCommandsOverRealSsh() throws Exception {
    try (SshExec ssh = new SshExec(lab, "cp-1")) {
      assertThat(ssh.exec("kubeadm version -o short"))
          .isEqualTo(new SshExec.Out(0, "v1.30.6\n", ""));
      assertThat(ssh.exec("dpkg-query -W -f='${Package} ${Version}\\n' kubeadm kubelet kubectl"))
          .isEqualTo(new SshExec.Out(
              0, "kubeadm 1.30.6-1.1\nkubelet 1.30.6-1.1\nkubectl 1.30.6-1.1\n", ""));
      assertThat(ssh.exec("systemctl is-active kubelet"))
          .isEqualTo(new SshExec.Out(0, "active\n", ""));
      assertThat(ssh.exec("nope"))
          .isEqualTo(new SshExec.Out(127, "", "bash: nope: command not found\n"));
      SshExec.Out plan = ssh.exec("sudo -n kubeadm upgrade plan -o json");
      assertThat(plan.exit()).isZero();
      assertThat(plan.stdout()).isEmpty();
      assertThat(plan.stderr()).contains("falling back to the local client version");
    }
    assertThat(lab.commandLog().forHost("cp-1"))
        .extracting(CommandRecord::command)
        .contains("nope", "kubeadm version -o short");
    CommandRecord nope = lab.commandLog().matching("nope").get(0);
    assertThat(nope.exitCode()).isEqualTo(127);
    assertThat(nope.endMillis()).isGreaterThanOrEqualTo(nope.startMillis());
  }
}
