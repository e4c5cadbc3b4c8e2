package dev.bosun.activities.labsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.Failures;
import dev.bosun.activities.kube.KubeClients;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.host.HostState;
import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, holes 1 and 3: the admin.conf read from a control plane is hostile input. Root on one node must
 * not become code execution on the worker; a cached client is reused only over the same SSH trust.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostKubeconfigTest {

  Path dir;
  LabSim lab;
  SshPool ssh;
  String genuine;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    lab = Lab.start(dir, 1);
    ssh = new SshPool(Lab.SETTINGS);
    genuine = Files.readString(lab.kubeconfig());
  }

  @AfterEach
  void restore() {
    adminConf(genuine);
  }

  @AfterAll
  void stop() {
    ssh.close();
    lab.close();
  }

  private void adminConf(String text) {
    lab.state().host("cp-1").files().put(HostState.ADMIN_CONF, text);
  }

  @Test
  void anExecCommandInTheHostsAdminConfIsNeverRun() throws Exception {
    Path marker = dir.resolve("exec-ran");
    String hostile = genuine.replaceFirst("(?s)  user:\n.*", "")
        + "  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n"
        + "      args: [\"-c\", \"touch " + marker + "\"]\n      interactiveMode: Never\n";
    adminConf(hostile);
    Throwable thrown = null;
    try (KubeClients clients = new KubeClients(ssh, Duration.ofSeconds(10))) {
      clients.client(Lab.clusterViaSsh(lab));
    } catch (ApplicationFailure e) {
      thrown = e;
    }
    Thread.sleep(300); // a command started in the background would have touched it by now
    assertFalse(Files.exists(marker), "the exec command of a host's kubeconfig ran on the worker");
    ApplicationFailure f = assertInstanceOf(ApplicationFailure.class, thrown);
    assertEquals(Failures.KUBECONFIG, f.getType());
    assertTrue(f.getOriginalMessage().contains("users[0].user.exec"), f.getOriginalMessage());
    assertTrue(f.getOriginalMessage().contains("cp-1"), f.getOriginalMessage());
  }

  @Test
  void anEmptyAdminConfIsNamedWithItsHostAndFile() {
    adminConf("");
    try (KubeClients clients = new KubeClients(ssh, Duration.ofSeconds(10))) {
      ApplicationFailure f =
          assertThrows(ApplicationFailure.class, () -> clients.client(Lab.clusterViaSsh(lab)));
      assertEquals(Failures.KUBECONFIG, f.getType());
      assertTrue(
          f.getOriginalMessage().contains("cp-1")
              && f.getOriginalMessage().contains("/etc/kubernetes/admin.conf")
              && f.getOriginalMessage().contains("empty"),
          f.getOriginalMessage());
    }
  }

  @Test
  void aCachedClientIsNotHandedToATargetThatReachesTheHostWithOtherTrust() throws Exception {
    try (KubeClients clients = new KubeClients(ssh, Duration.ofSeconds(10))) {
      ClusterTarget trusted = Lab.clusterViaSsh(lab);
      clients.client(trusted);
      Path wrong = dir.resolve("known_hosts_wrong");
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      String otherKey = Base64.getEncoder()
          .encodeToString(new Buffer.PlainBuffer()
              .putPublicKey(ec.generateKeyPair().getPublic())
              .getCompactData());
      // every line keeps its host pattern but names another ECDSA key
      Files.writeString(
          wrong,
          Files.readString(lab.knownHosts())
              .replaceAll("(?m)^(\\S+) \\S+ \\S+$", "$1 ecdsa-sha2-nistp256 " + otherKey));
      HostTarget cp = trusted.firstControlPlane();
      HostTarget other = new HostTarget(
          cp.cluster(),
          cp.node(),
          cp.address(),
          cp.port(),
          cp.user(),
          cp.privateKeyPath(),
          wrong.toString(),
          false,
          null,
          null,
          null);
      ClusterTarget untrusted =
          new ClusterTarget(trusted.cluster(), trusted.controlPlaneEndpoint(), other, null);
      ApplicationFailure f =
          assertThrows(ApplicationFailure.class, () -> clients.client(untrusted));
      assertEquals(Failures.HOST_KEY_MISMATCH, f.getType(), f.getOriginalMessage());
    }
  }
}
