package dev.bosun.activities.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KubeClientsTest {

  @Test
  void serverUrlComesFromTheControlPlaneEndpointWithKubeadmsDefaultPort() {
    assertEquals("https://10.0.0.10:6443", KubeClients.serverUrl("10.0.0.10:6443"));
    assertEquals("https://k8s.lab:6443", KubeClients.serverUrl("k8s.lab"));
    assertEquals("https://k8s.lab:8443", KubeClients.serverUrl("https://k8s.lab:8443"));
    assertEquals("https://[fd00::1]:6443", KubeClients.serverUrl("[fd00::1]:6443"));
  }
}
