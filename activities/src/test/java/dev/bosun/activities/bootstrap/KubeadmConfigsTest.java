package dev.bosun.activities.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bosun.workflows.activities.KubeadmInitRequest;
import dev.bosun.workflows.model.KubeVersion;
import org.junit.jupiter.api.Test;

/** Golden files of the kubeadm configurations Bosun writes. */
class KubeadmConfigsTest {

  static final String KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final JoinTarget TARGET =
      new JoinTarget("192.168.56.10:6443", "abcdef.0123456789abcdef", "sha256:" + "e".repeat(64));

  @Test
  void testInitConfigurationAndClusterConfiguration() {
    KubeadmInitRequest r = new KubeadmInitRequest(
        KubeVersion.parse("v1.30.6"),
        "192.168.56.10:6443",
        "10.244.0.0/16",
        "10.96.0.0/12",
        "192.168.56.11");
    assertEquals("""
        apiVersion: kubeadm.k8s.io/v1beta3
        kind: InitConfiguration
        localAPIEndpoint:
          advertiseAddress: "192.168.56.11"
        nodeRegistration:
          name: "cp-1"
          criSocket: "unix:///var/run/containerd/containerd.sock"
        ---
        apiVersion: kubeadm.k8s.io/v1beta3
        kind: ClusterConfiguration
        kubernetesVersion: "v1.30.6"
        controlPlaneEndpoint: "192.168.56.10:6443"
        networking:
          podSubnet: "10.244.0.0/16"
          serviceSubnet: "10.96.0.0/12"
        """, KubeadmConfigs.init("cp-1", r));
  }

  @Test
  void testKubeadm131ReadsV1beta4AndDefaultsTheServiceSubnet() {
    KubeadmInitRequest r =
        new KubeadmInitRequest(KubeVersion.parse("v1.31.2"), null, null, null, null);
    assertEquals("""
        apiVersion: kubeadm.k8s.io/v1beta4
        kind: InitConfiguration
        nodeRegistration:
          name: "cp-1"
          criSocket: "unix:///var/run/containerd/containerd.sock"
        ---
        apiVersion: kubeadm.k8s.io/v1beta4
        kind: ClusterConfiguration
        kubernetesVersion: "v1.31.2"
        networking:
          serviceSubnet: "10.96.0.0/12"
        """, KubeadmConfigs.init("cp-1", r));
  }

  @Test
  void testWorkerJoinConfiguration() {
    assertEquals(
        """
        apiVersion: kubeadm.k8s.io/v1beta3
        kind: JoinConfiguration
        discovery:
          bootstrapToken:
            apiServerEndpoint: "192.168.56.10:6443"
            token: "abcdef.0123456789abcdef"
            caCertHashes:
            - "sha256:eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
        nodeRegistration:
          name: "w-1"
          criSocket: "unix:///var/run/containerd/containerd.sock"
        """,
        KubeadmConfigs.join(KubeVersion.parse("v1.30.6"), "w-1", TARGET, null, "192.168.56.21"));
  }

  @Test
  void testControlPlaneJoinConfigurationCarriesTheCertificateKeyAndItsOwnAddress() {
    String yaml =
        KubeadmConfigs.join(KubeVersion.parse("v1.31.0"), "cp-2", TARGET, KEY, "192.168.56.12");
    assertEquals(
        "apiVersion: kubeadm.k8s.io/v1beta4\n", yaml.lines().findFirst().orElseThrow() + "\n");
    assertEquals(
        "controlPlane:\n  certificateKey: \"" + KEY
            + "\"\n  localAPIEndpoint:\n    advertiseAddress: \"192.168.56.12\"\n",
        yaml.substring(yaml.indexOf("controlPlane:")));
  }

  @Test
  void testValuesAreQuotedAndNamesValidated() {
    assertEquals("\"a\\\"b\\\\c\"", KubeadmConfigs.q("a\"b\\c"));
    assertThrows(IllegalArgumentException.class, () -> KubeadmConfigs.q("a\nb"));
    assertThrows(
        IllegalArgumentException.class,
        () -> KubeadmConfigs.join(KubeVersion.parse("v1.30.6"), "W_1", TARGET, null, null));
  }

  @Test
  void testJoinTargetNeverPrintsItsToken() {
    assertEquals(false, TARGET.toString().contains("0123456789abcdef"));
  }
}
