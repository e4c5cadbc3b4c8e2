package dev.bosun.activities.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bosun.workflows.activities.NodeConfigFingerprint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config-drift guard's reading of the real file formats. */
class NodeConfigsTest {

  @Test
  void testKubeletConfigurationIsFlattened() {
    Map<String, String> s = NodeConfigs.settings(NodeConfigs.KUBELET_CONFIG, """
        apiVersion: kubelet.config.k8s.io/v1beta1
        authentication:
          x509:
            clientCAFile: /etc/kubernetes/pki/ca.crt
        clusterDNS:
        - 10.96.0.10
        kind: KubeletConfiguration
        maxPods: 150
        systemReserved:
          cpu: 500m
          memory: 512Mi
        """);
    assertEquals("/etc/kubernetes/pki/ca.crt", s.get("authentication.x509.clientCAFile"));
    assertEquals("10.96.0.10", s.get("clusterDNS[0]"));
    assertEquals("150", s.get("maxPods"));
    assertEquals("500m", s.get("systemReserved.cpu"));
  }

  @Test
  void testKubeadmFlagsAreKeyedByFlagAndThePauseImageTagIsLeftOut() {
    Map<String, String> s = NodeConfigs.settings(
        NodeConfigs.KUBEADM_FLAGS,
        "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"
            + " --pod-infra-container-image=registry.k8s.io/pause:3.10 --node-ip=10.0.0.21\"\n");
    assertEquals(
        Map.of(
            "--container-runtime-endpoint", "unix:///var/run/containerd/containerd.sock",
            "--pod-infra-container-image", "registry.k8s.io/pause",
            "--node-ip", "10.0.0.21"),
        s);
  }

  @Test
  void testStaticPodManifestWithoutImageTagsAndKubeadmAnnotations() {
    // as kubeadm v1.30 writes /etc/kubernetes/manifests/kube-apiserver.yaml (abridged)
    String manifest = """
        apiVersion: v1
        kind: Pod
        metadata:
          annotations:
            kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 192.168.56.11:6443
          labels:
            component: kube-apiserver
            tier: control-plane
          name: kube-apiserver
          namespace: kube-system
        spec:
          containers:
          - command:
            - kube-apiserver
            - --advertise-address=192.168.56.11
            - --allow-privileged=true
            - --authorization-mode=Node,RBAC
            - --oidc-client-secret=s3cr3t
            image: registry.k8s.io/kube-apiserver:v1.30.6
            name: kube-apiserver
        """;
    Map<String, String> s =
        NodeConfigs.settings("/etc/kubernetes/manifests/kube-apiserver.yaml", manifest);
    assertEquals(
        "192.168.56.11", s.get("spec.containers[kube-apiserver].command.--advertise-address"));
    assertEquals(
        "Node,RBAC", s.get("spec.containers[kube-apiserver].command.--authorization-mode"));
    assertEquals("registry.k8s.io/kube-apiserver", s.get("spec.containers[kube-apiserver].image"));
    assertEquals(
        NodeConfigFingerprint.HIDDEN,
        s.get("spec.containers[kube-apiserver].command.--oidc-client-secret"));
    assertFalse(s.keySet().stream().anyMatch(k -> k.contains("kubeadm.kubernetes.io")));
    assertEquals(
        s,
        NodeConfigs.settings(
            "/etc/kubernetes/manifests/kube-apiserver.yaml",
            manifest
                .replace("v1.30.6", "v1.31.2")
                .replace("192.168.56.11:6443", "192.168.56.12:6443")),
        "an upgrade's new tag and kubeadm's annotations are not drift");
  }

  @Test
  void testContainerdTomlTablesAndHiddenRegistryAuth() {
    Map<String, String> s = NodeConfigs.settings(NodeConfigs.CONTAINERD_CONFIG, """
        version = 2

        [plugins]
          [plugins."io.containerd.grpc.v1.cri"]
            sandbox_image = "registry.k8s.io/pause:3.8"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
              SystemdCgroup = true
            [plugins."io.containerd.grpc.v1.cri".registry.configs."registry.lab:5000".auth]
              username = "lab"
              password = "hunter2"
        """);
    assertEquals("2", s.get("version"));
    assertEquals(
        "registry.k8s.io/pause", s.get("plugins.\"io.containerd.grpc.v1.cri\".sandbox_image"));
    assertEquals(
        "true",
        s.get(
            "plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options.SystemdCgroup"));
    assertEquals(
        NodeConfigFingerprint.HIDDEN,
        s.get(
            "plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"registry.lab:5000\".auth.password"));
    assertFalse(s.containsValue("hunter2"));
  }

  @Test
  void testBrokenYamlNamesTheFile() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> NodeConfigs.settings(NodeConfigs.KUBELET_CONFIG, "maxPods: [150\n"));
    assertEquals(true, e.getMessage().startsWith("/var/lib/kubelet/config.yaml is not valid YAML"));
  }

  @Test
  void testOnlyWatchedFilesAreRead() {
    assertEquals(
        "sudo -n cat /var/lib/kubelet/config.yaml",
        NodeCommands.readConfig(NodeConfigs.KUBELET_CONFIG));
    assertThrows(IllegalArgumentException.class, () -> NodeCommands.readConfig("/etc/shadow"));
  }
}
