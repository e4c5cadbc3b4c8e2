package dev.bosun.activities.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parsers against kubeadm's, lsmod's, /proc's and kubectl's real output shapes. */
class BootstrapOutputTest {

  static final String HASH = "sha256:" + "1a".repeat(32);
  static final String KEY = "9f".repeat(32);

  @Test
  void testTokenCreatePrintJoinCommandIsOneLineWithATrailingSpace() {
    JoinTarget t = BootstrapOutput.joinCommand(
        "kubeadm join 192.168.56.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash "
            + HASH + " \n");
    assertEquals(new JoinTarget("192.168.56.10:6443", "abcdef.0123456789abcdef", HASH), t);
  }

  @Test
  void testInitOutputWithContinuations() {
    String init =
        "Then you can join any number of worker nodes by running the following on each as root:\n\n"
            + "kubeadm join 10.0.0.1:6443 --token x1y2z3.a1b2c3d4e5f6g7h8 \\\n\t--discovery-token-ca-cert-hash "
            + HASH + " \n";
    assertEquals("x1y2z3.a1b2c3d4e5f6g7h8", BootstrapOutput.joinCommand(init).token());
    assertThrows(
        IllegalArgumentException.class, () -> BootstrapOutput.joinCommand("kubeadm join --help"));
  }

  @Test
  void testCertificateKeyIsTheLineAfterItsHeader() {
    String out =
        "[upload-certs] Storing the certificates in Secret \"kubeadm-certs\" in the \"kube-system\" Namespace\n"
            + "[upload-certs] Using certificate key:\n" + KEY + "\n";
    assertEquals(KEY, BootstrapOutput.certificateKey(out));
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapOutput.certificateKey(
            "[upload-certs] Skipping phase. Please see --upload-certs\n"));
  }

  @Test
  void testScrubRemovesTokensAndKeysButKeepsTheCaPin() {
    String s = BootstrapOutput.scrub(
        "kubeadm join h:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash " + HASH
            + " --control-plane --certificate-key " + KEY);
    assertEquals(
        "kubeadm join h:6443 --token <redacted> --discovery-token-ca-cert-hash " + HASH
            + " --control-plane --certificate-key <redacted>",
        s);
  }

  @Test
  void testKubeadmErrorLines() {
    String stderr =
        "error execution phase preflight: [preflight] Some fatal errors occurred:\n\t[ERROR CRI]: container runtime is not running\n"
            + "\t[ERROR Swap]: running with swap on is not supported. Please disable swap\n[preflight] If you know what you are doing, ...\n"
            + "To see the stack trace of this error execute with --v=5 or higher\n";
    assertEquals(
        List.of(
            "error execution phase preflight: [preflight] Some fatal errors occurred:",
            "[ERROR CRI]: container runtime is not running",
            "[ERROR Swap]: running with swap on is not supported. Please disable swap"),
        BootstrapOutput.kubeadmErrors(stderr));
  }

  @Test
  void testArchitectureLsmodSwapsAndFstab() {
    assertEquals("amd64", BootstrapOutput.architecture("x86_64\n"));
    assertEquals("arm64", BootstrapOutput.architecture("aarch64\n"));
    assertEquals("arm64", BootstrapOutput.architecture("arm64\n"));
    assertEquals(
        Set.of("overlay", "br_netfilter"),
        BootstrapOutput.modules(
            "Module                  Size  Used by\noverlay               151552  0\nbr_netfilter           32768  0\n"));
    assertFalse(BootstrapOutput.swapActive("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"));
    assertTrue(BootstrapOutput.swapActive(
        "Filename\tType\tSize\tUsed\tPriority\n/swap.img  file  2097148  0  -2\n"));
    assertTrue(BootstrapOutput.fstabHasSwap(
        "UUID=1 / ext4 defaults 0 1\n/swap.img\tnone\tswap\tsw\t0\t0\n"));
    assertFalse(BootstrapOutput.fstabHasSwap(
        "UUID=1 / ext4 defaults 0 1\n#/swap.img\tnone\tswap\tsw\t0\t0\n"));
  }

  @Test
  void testNodeLabelsAndTaints() {
    var marks = BootstrapOutput.nodeMarks(
        "{\"metadata\":{\"labels\":{\"kubernetes.io/arch\":\"arm64\"}},"
            + "\"spec\":{\"taints\":[{\"key\":\"node-role.kubernetes.io/control-plane\",\"effect\":\"NoSchedule\"}]}}");
    assertEquals(Map.of("kubernetes.io/arch", "arm64"), marks.labels());
    assertEquals(
        List.of(new BootstrapCommands.TaintSpec(
            "node-role.kubernetes.io/control-plane", "", "NoSchedule")),
        marks.taints());
  }

  /** kubeadm 1.30's /etc/kubernetes/manifests/etcd.yaml, abridged. */
  static final String ETCD_MANIFEST = """
      apiVersion: v1
      kind: Pod
      metadata:
        annotations:
          kubeadm.kubernetes.io/etcd.advertise-client-urls: https://192.168.56.10:2379
        creationTimestamp: null
        labels:
          component: etcd
          tier: control-plane
        name: etcd
        namespace: kube-system
      spec:
        containers:
        - command:
          - etcd
          - --advertise-client-urls=https://192.168.56.10:2379
          - --data-dir=/var/lib/etcd
          image: registry.k8s.io/etcd:3.5.15-0
          imagePullPolicy: IfNotPresent
          name: etcd
      """;

  @Test
  void testEtcdVersionIsTheManifestImageTagWithoutKubeadmsRevision() {
    assertEquals("3.5.15", BootstrapOutput.etcdImageVersion(ETCD_MANIFEST));
    assertEquals(
        "3.5.16",
        BootstrapOutput.etcdImageVersion(ETCD_MANIFEST.replace(
            "registry.k8s.io/etcd:3.5.15-0", "\"mirror.lab:5000/k8s/etcd:3.5.16-0\"")));
    assertEquals(
        "3.5.17",
        BootstrapOutput.etcdImageVersion(
            ETCD_MANIFEST.replace("registry.k8s.io/etcd:3.5.15-0", "quay.io/coreos/etcd:v3.5.17")));
    IllegalArgumentException latest = assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapOutput.etcdImageVersion(
            ETCD_MANIFEST.replace("etcd:3.5.15-0", "etcd:latest")));
    assertTrue(latest.getMessage().contains("registry.k8s.io/etcd:latest"), latest.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapOutput.etcdImageVersion("apiVersion: v1\nkind: Pod\n"));
  }

  @Test
  void testEtcdClientVersionFromEtcdctlAndEtcdutl() {
    assertEquals(
        "3.5.15", BootstrapOutput.etcdClientVersion("etcdctl version: 3.5.15\nAPI version: 3.5\n"));
    assertEquals(
        "3.5.16", BootstrapOutput.etcdClientVersion("etcdutl version: 3.5.16\nAPI version: 3.5\n"));
    assertEquals(null, BootstrapOutput.etcdClientVersion("etcdctl version: unknown\n"));
    assertEquals(null, BootstrapOutput.etcdClientVersion(""));
  }

  @Test
  void testSha256sumAndTheReleasesSha256Sums() {
    String a = "3f".repeat(32);
    String b = "c0".repeat(32);
    assertEquals(a, BootstrapOutput.sha256(a + "  /tmp/bosun-etcd.AbCdEf0123/x.tar.gz\n"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapOutput.sha256("sha256sum: x: No such file or directory\n"));
    String sums = b + "  etcd-v3.5.15-darwin-amd64.zip\n"
        + a + "  etcd-v3.5.15-linux-amd64.tar.gz\n"
        + b + " *etcd-v3.5.15-linux-arm64.tar.gz\n";
    assertEquals(a, BootstrapOutput.publishedSha256(sums, "etcd-v3.5.15-linux-amd64.tar.gz"));
    assertEquals(b, BootstrapOutput.publishedSha256(sums, "etcd-v3.5.15-linux-arm64.tar.gz"));
    IllegalArgumentException none = assertThrows(
        IllegalArgumentException.class,
        () -> BootstrapOutput.publishedSha256(sums, "etcd-v3.5.15-linux-ppc64le.tar.gz"));
    assertEquals(
        "SHA256SUMS lists no digest for etcd-v3.5.15-linux-ppc64le.tar.gz", none.getMessage());
  }
}
