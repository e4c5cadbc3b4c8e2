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
}
