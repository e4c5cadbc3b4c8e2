package dev.bosun.activities.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.activities.KubeadmUpgradePlan;
import dev.bosun.workflows.model.KubeVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeOutputTest {

  static final String PLAN_V1ALPHA3 = """
      {
          "kind": "UpgradePlan",
          "apiVersion": "output.kubeadm.k8s.io/v1alpha3",
          "availableUpgrades": [
              {
                  "description": "version in the v1.8 series",
                  "components": [
                      {"name": "kubelet", "currentVersion": "v1.8.1", "newVersion": "v1.8.3", "nodeName": "node1"},
                      {"name": "kube-apiserver", "currentVersion": "v1.8.1", "newVersion": "v1.8.3", "nodeName": "node1"},
                      {"name": "kube-proxy", "currentVersion": "v1.8.1", "newVersion": "v1.8.3"},
                      {"name": "CoreDNS", "currentVersion": "1.14.5", "newVersion": "1.14.5"},
                      {"name": "kubeadm", "currentVersion": "v1.8.2", "newVersion": "v1.8.3"},
                      {"name": "etcd", "currentVersion": "3.0.17", "newVersion": "3.0.17", "nodeName": "node1"}
                  ]
              }
          ],
          "configVersions": [
              {"group": "kubelet.config.k8s.io", "currentVersion": "v1beta1", "preferredVersion": "v1beta1", "manualUpgradeRequired": false}
          ]
      }
      """;

  @Test
  void upgradePlanV1alpha3() {
    KubeadmUpgradePlan plan = NodeOutput.upgradePlan(PLAN_V1ALPHA3);
    assertEquals(1, plan.availableUpgrades().size());
    var up = plan.availableUpgrades().get(0);
    assertEquals("version in the v1.8 series", up.description());
    assertEquals(6, up.components().size());
    assertEquals(
        new KubeadmUpgradePlan.Component("kubelet", "v1.8.1", "v1.8.3", "node1"),
        up.components().get(0));
    assertNull(up.components().get(2).nodeName(), "kube-proxy has no nodeName");
  }

  @Test
  void upgradePlanWithLeadingTextFromOlderKubeadm() {
    KubeadmUpgradePlan plan = NodeOutput.upgradePlan(
        "[upgrade/config] Making sure the configuration is correct:\n[upgrade] Running cluster health checks\n"
            + PLAN_V1ALPHA3);
    assertEquals(6, plan.availableUpgrades().get(0).components().size());
  }

  @Test
  void upgradePlanV1alpha2FlatComponents() {
    KubeadmUpgradePlan plan = NodeOutput.upgradePlan("""
        {"kind":"UpgradePlan","apiVersion":"output.kubeadm.k8s.io/v1alpha2",
         "components":[{"name":"kubelet","currentVersion":"1 x v1.28.0","newVersion":"v1.28.4"},
                       {"name":"kube-apiserver","currentVersion":"v1.28.0","newVersion":"v1.28.4"}],
         "configVersions":[]}
        """);
    assertEquals(2, plan.availableUpgrades().get(0).components().size());
    assertEquals(
        "1 x v1.28.0", plan.availableUpgrades().get(0).components().get(0).currentVersion());
  }

  @Test
  void emptyPlanOutputMeansUpToDate() {
    assertTrue(NodeOutput.upgradePlan("").upToDate());
    assertTrue(NodeOutput.upgradePlan("\n").upToDate());
    assertTrue(NodeOutput.upgradePlan("{\"kind\":\"UpgradePlan\",\"availableUpgrades\":[]}")
        .upToDate());
  }

  @Test
  void textWithoutJsonIsAnError() {
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeOutput.upgradePlan("[upgrade] something went wrong\n"));
    assertThrows(IllegalArgumentException.class, () -> NodeOutput.upgradePlan("{ broken"));
  }

  @Test
  void madisonSplitsOnBarsTrimsAndDedupes() {
    String out = """
           kubeadm | 1.31.2-1.1 | https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages
           kubeadm | 1.31.2-1.1 | https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages
           kubeadm | 1.31.1-1.1 | https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages
           kubeadm | 1.31.0-1.1 | https://pkgs.k8s.io/core:/stable:/v1.31/deb  Packages
        """;
    List<String> versions = NodeOutput.madisonVersions(out);
    assertEquals(List.of("1.31.2-1.1", "1.31.1-1.1", "1.31.0-1.1"), versions);
    assertEquals(
        Optional.of("1.31.1-1.1"),
        NodeOutput.packageVersionOf(versions, KubeVersion.parse("v1.31.1")));
    assertEquals(
        Optional.empty(), NodeOutput.packageVersionOf(versions, KubeVersion.parse("v1.31.12")));
    assertEquals(List.of(), NodeOutput.madisonVersions(""));
  }

  @Test
  void dpkgQueryKeepsWhatIsInstalled() {
    assertEquals(
        Map.of("kubeadm", "1.30.6-1.1", "kubelet", "1.30.6-1.1"),
        NodeOutput.installedPackages("kubeadm 1.30.6-1.1\nkubelet 1.30.6-1.1\n"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "ID=ubuntu\\nID_LIKE=debian; apt",
        "ID=debian; apt",
        "ID=\"rocky\"\\nID_LIKE=\"rhel centos fedora\"; dnf",
        "ID=fedora; dnf",
        "ID=alpine; apk",
        "ID=arch; unknown"
      })
  void packageManagerFromOsRelease(String osRelease, String expected) {
    assertEquals(expected, NodeOutput.packageManager(osRelease.replace("\\n", "\n")));
  }

  @Test
  void repositoryMinorFromTheSourceLine() {
    assertEquals(
        "v1.30",
        NodeOutput.repositoryMinor(
            "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /\n"));
    assertNull(NodeOutput.repositoryMinor("deb http://deb.debian.org/debian bookworm main\n"));
  }

  @Test
  void apiServerImageTagFromTheManifest() {
    String manifest = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver
        spec:
          containers:
          - command:
            - kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.30.6
            imagePullPolicy: IfNotPresent
        """;
    assertEquals("v1.30.6", NodeOutput.apiServerImageTag(manifest));
  }

  @Test
  void certificatesAndAuthorities() {
    List<CertificateExpiry> certs = NodeOutput.certificates("cp-1", """
        {"kind":"CertificateExpirationInfo","apiVersion":"output.kubeadm.k8s.io/v1alpha3",
         "certificates":[{"name":"apiserver","expirationDate":"2026-04-09T09:16:00Z","residualTime":31449600,"externallyManaged":false,"caName":"ca","missing":false}],
         "certificateAuthorities":[{"name":"ca","expirationDate":"2035-04-07T09:16:00Z","residualTime":315360000,"externallyManaged":false,"missing":false}]}
        """);
    assertEquals(
        List.of(
            new CertificateExpiry(
                "cp-1", "apiserver", "2026-04-09T09:16:00Z", 31449600, false, false, "ca", false),
            new CertificateExpiry(
                "cp-1", "ca", "2035-04-07T09:16:00Z", 315360000, true, false, null, false)),
        certs);
  }

  @Test
  void certificatesExternallyManagedAndMissing() {
    // kubeadm's JSON for an external CA (no ca.key) and a certificate whose file is gone
    List<CertificateExpiry> certs = NodeOutput.certificates("cp-2", """
        [check-expiration] Reading configuration from the cluster...
        {"kind":"CertificateExpirationInfo","apiVersion":"output.kubeadm.k8s.io/v1alpha3",
         "certificates":[{"name":"front-proxy-client","expirationDate":"2026-04-09T09:16:00Z","residualTime":3600,"externallyManaged":true,"caName":"front-proxy-ca","missing":false},
          {"name":"etcd-server","expirationDate":"0001-01-01T00:00:00Z","residualTime":0,"externallyManaged":false,"caName":"etcd-ca","missing":true}],
         "certificateAuthorities":[]}
        """);
    assertEquals(
        List.of(
            new CertificateExpiry(
                "cp-2",
                "front-proxy-client",
                "2026-04-09T09:16:00Z",
                3600,
                false,
                false,
                "front-proxy-ca",
                true),
            new CertificateExpiry(
                "cp-2", "etcd-server", "0001-01-01T00:00:00Z", 0, false, true, "etcd-ca", false)),
        certs);
  }

  @Test
  void etcdutlStatus() {
    EtcdSnapshot s = NodeOutput.etcdSnapshotStatus(
        "cp-1",
        "/var/backups/x.db",
        "{\"hash\":3056237214,\"revision\":11634,\"totalKey\":1224,\"totalSize\":4100096,\"version\":\"3.6.0\"}\n");
    assertEquals(
        new EtcdSnapshot("cp-1", "/var/backups/x.db", 3056237214L, 11634, 1224, 4100096), s);
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeOutput.etcdSnapshotStatus("cp-1", "/x", "{\"hash\":1}"));
  }
}
