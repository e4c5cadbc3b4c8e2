package dev.bosun.activities.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bosun.activities.node.NodeCommands;
import dev.bosun.workflows.model.KubeVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact command lines (docs and lab-sim depend on them); untrusted values validated and quoted. */
class BootstrapCommandsTest {

  static final String REPO = "https://pkgs.k8s.io/core:/stable:";
  static final KubeVersion V = KubeVersion.parse("v1.30.6");

  @Test
  void testRepositoryLinePinsTheArchitecture() {
    assertEquals(
        "deb [arch=arm64 signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /",
        NodeCommands.repositoryLine(REPO, V, "arm64"));
    assertEquals(
        "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /",
        NodeCommands.repositoryLine(REPO, V),
        "the upgrade's line is unchanged");
    assertThrows(
        IllegalArgumentException.class, () -> NodeCommands.repositoryLine(REPO, V, "i386"));
  }

  @Test
  void testKeyringAndFiles() {
    assertEquals(
        "sudo -n mkdir -p -m 755 /etc/apt/keyrings && curl -fsSL 'https://pkgs.k8s.io/core:/stable:/v1.30/deb/Release.key' "
            + "| sudo -n gpg --dearmor --yes -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg",
        BootstrapCommands.fetchKeyring(REPO + "/", V));
    assertEquals(
        "sudo -n install -m 600 /dev/null '/etc/kubernetes/bosun-join.yaml' && sudo -n tee '/etc/kubernetes/bosun-join.yaml' > /dev/null",
        BootstrapCommands.writeFile(BootstrapCommands.JOIN_CONFIG, true));
    assertEquals(
        "sudo -n kubeadm token create --ttl 15m --print-join-command",
        BootstrapCommands.TOKEN_CREATE);
    assertEquals(
        "sudo -n kubeadm join --config /etc/kubernetes/bosun-join.yaml", BootstrapCommands.JOIN);
  }

  @Test
  void testKubectlCommands() {
    String m = "https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml";
    assertEquals(
        "sudo -n kubectl --kubeconfig /etc/kubernetes/admin.conf get -f '" + m + "' -o name",
        BootstrapCommands.cniApplied(m));
    assertEquals(
        "sudo -n kubectl --kubeconfig /etc/kubernetes/admin.conf apply -f '" + m + "'",
        BootstrapCommands.applyCni(m));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("node-role.kubernetes.io/worker", "");
    labels.put("zone", "a");
    assertEquals(
        "sudo -n kubectl --kubeconfig /etc/kubernetes/admin.conf label node w-1 'node-role.kubernetes.io/worker=' 'zone=a' --overwrite",
        BootstrapCommands.label("w-1", labels));
    assertEquals(
        "sudo -n kubectl --kubeconfig /etc/kubernetes/admin.conf taint node w-1 'gpu=true:NoSchedule' --overwrite",
        BootstrapCommands.taint("w-1", List.of("gpu=true:NoSchedule")));
    assertEquals(
        "sudo -n kubectl --kubeconfig /etc/kubernetes/admin.conf delete node w-1 --ignore-not-found",
        BootstrapCommands.deleteNode("w-1"));
  }

  @Test
  void testUntrustedValuesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapCommands.label("w-1", Map.of("a;rm -rf /", "x")));
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapCommands.label("w-1; reboot", Map.of("a", "b")));
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapCommands.taint("w-1", List.of("gpu=true:Sometimes")));
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapCommands.applyCni("http://example.com/cni.yaml; id"));
  }

  @Test
  void testTheEtcdClientCommands() {
    String dir = "/tmp/bosun-etcd.AbCdEf0123";
    String releases = "https://github.com/etcd-io/etcd/releases/download/";
    assertEquals("mktemp -d /tmp/bosun-etcd.XXXXXXXXXX", BootstrapCommands.MAKE_DOWNLOAD_DIR);
    assertEquals(
        "sudo -n cat /etc/kubernetes/manifests/etcd.yaml", BootstrapCommands.ETCD_MANIFEST);
    assertEquals(
        "https://github.com/etcd-io/etcd/releases/download/v3.5.15/etcd-v3.5.15-linux-arm64.tar.gz",
        BootstrapCommands.etcdReleaseUrl(
            releases, "3.5.15", BootstrapCommands.etcdAsset("3.5.15", "arm64")));
    assertEquals(
        "curl -fsSL --retry 3 -o '/tmp/bosun-etcd.AbCdEf0123/SHA256SUMS' "
            + "'https://github.com/etcd-io/etcd/releases/download/v3.5.15/SHA256SUMS'",
        BootstrapCommands.download(
            BootstrapCommands.etcdReleaseUrl(releases, "3.5.15", "SHA256SUMS"),
            dir + "/SHA256SUMS"));
    assertEquals(
        "tar -xzf '/tmp/bosun-etcd.AbCdEf0123/etcd-v3.5.15-linux-amd64.tar.gz' -C '/tmp/bosun-etcd.AbCdEf0123'"
            + " --strip-components=1 etcd-v3.5.15-linux-amd64/etcdctl etcd-v3.5.15-linux-amd64/etcdutl",
        BootstrapCommands.extractEtcdClient(dir, "3.5.15", "amd64"));
    // the line deploy/sudoers.d/bosun allows (SudoersTest)
    assertEquals(
        "sudo -n install -m 0755 '/tmp/bosun-etcd.AbCdEf0123/etcdctl' '/tmp/bosun-etcd.AbCdEf0123/etcdutl' /usr/local/bin/",
        BootstrapCommands.installEtcdClient(dir));
    assertEquals("rm -rf '/tmp/bosun-etcd.AbCdEf0123'", BootstrapCommands.removeDownloadDir(dir));
  }

  @Test
  void testTheEtcdClientCommandsRefuseWhatTheyCannotQuoteSafely() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapCommands.etcdReleaseUrl("http://mirror.lab/etcd", "3.5.15", "SHA256SUMS"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapCommands.etcdAsset("3.5.15; reboot", "amd64"));
    assertThrows(
        IllegalArgumentException.class, () -> BootstrapCommands.etcdAsset("3.5.15", "386"));
    assertThrows(IllegalArgumentException.class, () -> BootstrapCommands.removeDownloadDir("/"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapCommands.removeDownloadDir("/tmp/bosun-etcd.x/../../etc"));
  }
}
