package dev.bosun.activities.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.workflows.model.KubeVersion;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The Packages index of a pkgs.k8s.io minor (Debian deb-control stanzas), as curl reads it off the repository. */
class PackageIndexTest {

  /**
   * The shape of https://pkgs.k8s.io/core:/stable:/v1.31/deb/Packages (OBS-built, one flat file for every
   * architecture, oldest first; a Description continues on indented lines). Hashes shortened.
   */
  static final String V1_31 = """
      Package: cri-tools
      Version: 1.31.1-1.1
      Architecture: amd64
      Maintainer: Kubernetes Authors <dev@kubernetes.io>
      Installed-Size: 58524
      Filename: amd64/cri-tools_1.31.1-1.1_amd64.deb
      Size: 19971496
      SHA256: 0f3d8bfd9d4de9e2e9b0b2f52a5c0d7b
      Section: admin
      Priority: optional
      Description: Command-line utility for interacting with a container runtime
       Command-line utility for interacting with a container runtime.

      Package: kubeadm
      Version: 1.31.1-1.1
      Architecture: amd64
      Maintainer: Kubernetes Authors <dev@kubernetes.io>
      Depends: cri-tools (>= 1.30.0)
      Filename: amd64/kubeadm_1.31.1-1.1_amd64.deb
      Description: Command-line utility for administering a Kubernetes cluster
       Command-line utility for administering a Kubernetes cluster.
       Version: 9.9.9-0 (a continuation line, not a field)

      Package: kubeadm
      Version: 1.31.2-1.1
      Architecture: arm64
      Filename: arm64/kubeadm_1.31.2-1.1_arm64.deb

      Package: kubeadm
      Version: 1.31.2-1.1
      Architecture: amd64
      Filename: amd64/kubeadm_1.31.2-1.1_amd64.deb

      Package: kubeadm
      Version: 1.31.10-1.1
      Architecture: amd64
      Filename: amd64/kubeadm_1.31.10-1.1_amd64.deb

      Package: kubelet
      Version: 1.31.11-1.1
      Architecture: amd64
      Filename: amd64/kubelet_1.31.11-1.1_amd64.deb

      Package: kubeadm
      Version: 1.31.0-1.1
      Architecture: amd64

      Package: kubeadm
      Version: 1.31.2-1.1
      Architecture: amd64
      Filename: amd64/kubeadm_1.31.2-1.1_amd64.deb
      """;

  static Stream<Arguments> indexes() {
    return Stream.of(
        Arguments.of(
            "amd64, newest first (1.31.10 after 1.31.2 in dpkg's order), duplicates once",
            V1_31,
            "kubeadm",
            "amd64",
            List.of("1.31.10-1.1", "1.31.2-1.1", "1.31.1-1.1", "1.31.0-1.1")),
        Arguments.of(
            "the other architecture's stanzas only",
            V1_31,
            "kubeadm",
            "arm64",
            List.of("1.31.2-1.1")),
        Arguments.of("another package", V1_31, "kubelet", "amd64", List.of("1.31.11-1.1")),
        Arguments.of("not built for the architecture", V1_31, "kubeadm", "s390x", List.of()),
        Arguments.of(
            "CRLF line ends, field names in any case, Architecture: all",
            "package: kubectl\r\nVERSION: 1.31.2-1.1\r\narchitecture: all\r\n\r\n"
                + "Package: kubectl\r\nVersion: 1.31.2-1.2\r\nArchitecture: amd64\r\n",
            "kubectl",
            "amd64",
            List.of("1.31.2-1.2", "1.31.2-1.1")),
        Arguments.of("empty", "", "kubeadm", "amd64", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indexes")
  void versionsOfOnePackageAndArchitecture(
      String name, String index, String pkg, String arch, List<String> expected) {
    assertEquals(expected, PackageIndex.versions(index, pkg, arch));
  }

  @ParameterizedTest(name = "{1} of {0}")
  @CsvSource({
    "v1.31.2, 1.31.2-1.1",
    "v1.31.10, 1.31.10-1.1",
    "v1.31.0, 1.31.0-1.1",
    "v1.31.3, ''",
  })
  void theTargetsRevisionAsTheActivityPicksIt(String target, String expected) {
    List<String> versions = PackageIndex.versions(V1_31, "kubeadm", "amd64");
    assertEquals(
        expected.isEmpty() ? Optional.empty() : Optional.of(expected),
        NodeOutput.packageVersionOf(versions, KubeVersion.parse(target)));
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "1.31.2-1.1, 1.31.10-1.1",
    "1.31.2-1.1, 1.31.2-1.2",
    "1.31.2-1.9, 1.31.2-1.10",
    "1.31.2~rc.1-1.1, 1.31.2-1.1",
    "1.31.2-1.1, 1:1.30.0-1.1",
    "1.31.2-1.1, 1.31.2-1.1a",
  })
  void dpkgOrder(String older, String newer) {
    assertTrue(PackageIndex.compareVersions(older, newer) < 0);
    assertTrue(PackageIndex.compareVersions(newer, older) > 0);
    assertEquals(0, PackageIndex.compareVersions(newer, newer));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a proxy's HTML error page | <html><head><title>403 Forbidden</title></head></html>",
        "nothing | ''",
        "a stanza without Package | Version: 1.31.2-1.1",
      })
  void whatIsNotAnIndex(String name, String text) {
    assertFalse(PackageIndex.looksLikeIndex(text));
  }

  @org.junit.jupiter.api.Test
  void theRealShapeIsAnIndex() {
    assertTrue(PackageIndex.looksLikeIndex(V1_31));
  }
}
