package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real OpenSSH client and the real kubectl against the lab. */
class InteropTest {

  record Proc(int exit, String stdout, String stderr) {}

  @TempDir
  static Path dir;

  static LabSim lab;

  @BeforeAll
  static void start() throws Exception {
    lab = LabSim.start(LabSpec.of("lab1", 1, 2, "v1.30.6", dir));
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  static Proc exec(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Proc(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  private static List<String> ssh(String host, String command) {
    List<String> c = new ArrayList<>(List.of(
        "/usr/bin/ssh",
        "-p",
        Integer.toString(lab.sshPort()),
        "-i",
        lab.privateKey().toString(),
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "UserKnownHostsFile=" + lab.knownHosts(),
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "ConnectTimeout=5",
        "bosun@" + lab.host(host).address(),
        command));
    return c;
  }

  @Test
  void testOpenSshClientRunsCommandsAndRefusesAChangedHostKey() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")), "no OpenSSH client at /usr/bin/ssh");
    assertThat(exec(ssh("cp-1", "kubeadm version -o short")))
        .isEqualTo(new Proc(0, "v1.30.6\n", ""));
    Proc failed = exec(ssh("w-1", "sudo -n kubeadm upgrade apply 'v1.32.0' -y"));
    assertThat(failed.exit()).isEqualTo(1);
    lab.faults().changeHostKey("w-2");
    try {
      Proc refused = exec(ssh("w-2", "hostname"));
      assertThat(refused.exit()).isEqualTo(255);
      assertThat(refused.stderr()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
    } finally {
      lab.faults().clear();
    }
    assertThat(exec(ssh("w-2", "hostname"))).isEqualTo(new Proc(0, "w-2\n", ""));
  }

  @Test
  void testKubectlGetNodesCordonAndDrain() throws Exception {
    Path kubectl = Kubectl.path();
    assumeTrue(
        exec(List.of(kubectl.toString(), "version", "--client")).exit() == 0,
        "kubectl does not run here");
    String kc = lab.kubeconfig().toString();
    Proc nodes = exec(List.of(kubectl.toString(), "--kubeconfig", kc, "get", "nodes"));
    assertThat(nodes.exit()).as(nodes.stderr()).isZero();
    assertThat(nodes.stdout()).contains("cp-1", "w-1", "w-2");
    Proc cordon = exec(List.of(kubectl.toString(), "--kubeconfig", kc, "cordon", "w-1"));
    assertThat(cordon.exit()).as(cordon.stderr()).isZero();
    assertThat(cordon.stdout()).isEqualTo("node/w-1 cordoned\n");
    assertThat(lab.state().nodeUnschedulable("w-1")).isTrue();
    Proc table = exec(List.of(kubectl.toString(), "--kubeconfig", kc, "get", "nodes"));
    assertThat(table.stdout().lines())
        .first()
        .asString()
        .matches("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION");
    assertThat(table.stdout().lines())
        .anyMatch(
            l -> l.matches("w-1\\s+Ready,SchedulingDisabled\\s+<none>\\s+\\d+s\\s+v1\\.30\\.6"))
        .anyMatch(l -> l.matches("cp-1\\s+Ready\\s+control-plane\\s+\\d+s\\s+v1\\.30\\.6"));
    // Replacements need somewhere to go before w-2 can drain past its PDB.
    assertThat(exec(List.of(kubectl.toString(), "--kubeconfig", kc, "uncordon", "w-1"))
            .stdout())
        .isEqualTo("node/w-1 uncordoned\n");
    assertThat(lab.state().nodeUnschedulable("w-1")).isFalse();
    Proc drain = exec(List.of(
        kubectl.toString(),
        "--kubeconfig",
        kc,
        "drain",
        "w-2",
        "--ignore-daemonsets",
        "--delete-emptydir-data",
        "--timeout=60s"));
    assertThat(drain.exit()).as(drain.stderr()).isZero();
    assertThat(drain.stdout())
        .startsWith("node/w-2 cordoned\n")
        .contains("evicting pod default/web-")
        .endsWith("node/w-2 drained\n");
    assertThat(drain.stderr())
        .contains("Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-");
    List<String> left = lab.state()
        .read(c -> c.pods().stream()
            .filter(p -> "w-2".equals(p.getSpec().getNodeName()))
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .map(p -> p.getMetadata().getName())
            .toList());
    assertThat(left).allMatch(n -> n.startsWith("kube-proxy-"));
    Proc version = exec(List.of(kubectl.toString(), "--kubeconfig", kc, "version", "-o", "json"));
    assertThat(version.stdout()).contains("\"gitVersion\": \"v1.30.6\"");
  }

  @Test
  void testConcurrentKubectlDrainsDoNotStarveOtherClients(@TempDir Path own) throws Exception {
    Path kubectl = Kubectl.path();
    assumeTrue(
        exec(List.of(kubectl.toString(), "version", "--client")).exit() == 0,
        "kubectl does not run here");
    // Five drains at once, as Ansible's forks run them: kubectl keeps its connections open between
    // PDB retries.
    // The API server once served requests from 4 threads that each blocked on such an idle
    // connection, so
    // every other client timed out until the server's 30 s idle timeout freed them (a batch took 90
    // s). With the
    // fixed pool this test fails: kubectl get answers "Client.Timeout exceeded while awaiting
    // headers".
    try (LabSim big = LabSim.start(LabSpec.of("lab2", 1, 10, "v1.30.6", own))) {
      String kc = big.kubeconfig().toString();
      List<Process> drains = new ArrayList<>();
      for (String n : List.of("w-1", "w-2", "w-3", "w-4", "w-5")) {
        drains.add(new ProcessBuilder(
                kubectl.toString(),
                "--kubeconfig",
                kc,
                "drain",
                n,
                "--ignore-daemonsets",
                "--delete-emptydir-data",
                "--timeout=60s")
            .redirectOutput(own.resolve(n + ".out").toFile())
            .redirectError(own.resolve(n + ".err").toFile())
            .start());
      }
      for (int i = 0; i < 3; i++) {
        Thread.sleep(1500); // let the drains open, use and idle their connections
        Proc get = exec(List.of(
            kubectl.toString(), "--kubeconfig", kc, "get", "nodes", "--request-timeout=5s"));
        assertThat(get.exit())
            .as("kubectl get nodes while 5 drains run: " + get.stderr())
            .isZero();
      }
      for (Process d : drains) {
        assertThat(d.waitFor(40, TimeUnit.SECONDS)).as("drain finished").isTrue();
        assertThat(d.exitValue()).isZero();
      }
    }
  }
}
