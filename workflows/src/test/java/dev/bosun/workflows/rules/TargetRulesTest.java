package dev.bosun.workflows.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.model.ClusterTarget;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.KubeVersion;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Activities check their own input with the inventory's rules; messages name the field and never the value. */
class TargetRulesTest {

  static final HostTarget GOOD = new HostTarget(
      "lab1",
      "cp-1",
      "192.168.56.11",
      22,
      "vagrant",
      "/home/op/.ssh/id_ed25519",
      "~/.bosun/known_hosts",
      false,
      Duration.ofMinutes(5),
      Duration.ofSeconds(10),
      "LAB_KEY_PASS");

  static HostTarget with(UnaryOperator<Object[]> edit) {
    Object[] f = {
      GOOD.cluster(),
      GOOD.node(),
      GOOD.address(),
      GOOD.port(),
      GOOD.user(),
      GOOD.privateKeyPath(),
      GOOD.knownHostsPath(),
      GOOD.trustOnFirstUse(),
      GOOD.commandTimeout(),
      GOOD.connectTimeout(),
      GOOD.privateKeyPassphraseEnv()
    };
    Object[] e = edit.apply(f);
    return new HostTarget(
        (String) e[0],
        (String) e[1],
        (String) e[2],
        (int) e[3],
        (String) e[4],
        (String) e[5],
        (String) e[6],
        (boolean) e[7],
        (Duration) e[8],
        (Duration) e[9],
        (String) e[10]);
  }

  static Object[] set(Object[] f, int i, Object v) {
    f[i] = v;
    return f;
  }

  static Stream<Arguments> badHosts() {
    return Stream.of(
        Arguments.of("host.cluster", with(f -> set(f, 0, "Lab 1;id"))),
        Arguments.of("host.node", with(f -> set(f, 1, "cp-1$(id)"))),
        Arguments.of("host.node", with(f -> set(f, 1, null))),
        Arguments.of("host.address", with(f -> set(f, 2, "192.168.56.11;reboot"))),
        Arguments.of("host.address", with(f -> set(f, 2, "-oProxyCommand=sh"))),
        Arguments.of("host.port", with(f -> set(f, 3, 70000))),
        Arguments.of("host.user", with(f -> set(f, 4, "root -oProxyCommand"))),
        Arguments.of("host.privateKeyPath", with(f -> set(f, 5, "relative/key"))),
        Arguments.of("host.knownHostsPath", with(f -> set(f, 6, "/tmp/known\nhosts"))),
        Arguments.of("host.privateKeyPassphraseEnv", with(f -> set(f, 10, "hunter2 value"))),
        Arguments.of("host.commandTimeout", with(f -> set(f, 8, Duration.ofSeconds(-1)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHosts")
  void aHostTargetBreakingAnInventoryRuleIsRefusedNamingTheField(String field, HostTarget bad) {
    String message = assertThrows(
            IllegalArgumentException.class, () -> TargetRules.requireHost(bad))
        .getMessage();
    assertTrue(message.startsWith(field), message);
    for (String value : new String[] {"reboot", "hunter2", "ProxyCommand", "$(id)"}) {
      assertFalse(message.contains(value), message);
    }
  }

  @Test
  void whatTheInventoryProducesPasses() {
    assertSame(GOOD, TargetRules.requireHost(GOOD));
    ClusterTarget cluster = new ClusterTarget("lab1", "192.168.56.10:6443", GOOD, null);
    assertSame(cluster, TargetRules.requireCluster(cluster));
    assertEquals(
        KubeVersion.parse("v1.31.2"),
        TargetRules.requireVersion("version", KubeVersion.parse("v1.31.2")));
  }

  @Test
  void aClusterTargetIsCheckedWithItsFirstControlPlane() {
    startsWith(
        "cluster.controlPlaneEndpoint",
        () ->
            TargetRules.requireCluster(new ClusterTarget("lab1", "10.0.0.1:6443;id", GOOD, null)));
    startsWith(
        "cluster.kubeconfigPath",
        () -> TargetRules.requireCluster(
            new ClusterTarget("lab1", "10.0.0.1:6443", GOOD, "kubeconfig")));
    startsWith(
        "host.address",
        () -> TargetRules.requireCluster(
            new ClusterTarget("lab1", "10.0.0.1:6443", with(f -> set(f, 2, "a b")), null)));
    startsWith("version", () -> TargetRules.requireVersion("version", new KubeVersion(1, -1, 0)));
  }

  private static void startsWith(String field, org.junit.jupiter.api.function.Executable call) {
    String message = assertThrows(IllegalArgumentException.class, call).getMessage();
    assertTrue(message.startsWith(field), message);
  }
}
