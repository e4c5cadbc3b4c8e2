package dev.bosun.sim.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated pkgs.k8s.io: one repository per minor, each holding kubeadm, kubelet and kubectl at
 * patch versions 0..patches-1 (packaged as 1.31.0-1.1 ...).
 */
public record AptRepository(int major, int fromMinor, int toMinor, int patches) {

  public static final String URL_PREFIX = "https://pkgs.k8s.io/core:/stable:/";
  public static final List<String> PACKAGES = List.of("kubeadm", "kubelet", "kubectl");

  public AptRepository {
    if (fromMinor > toMinor || patches < 1) {
      throw new IllegalArgumentException("repository minors must be ordered and patches >= 1");
    }
  }

  /** Repositories from two minors below to three above the cluster's, with enough patches to hold it. */
  public static AptRepository around(Version cluster) {
    return new AptRepository(
        cluster.major(),
        Math.max(0, cluster.minor() - 2),
        cluster.minor() + 3,
        Math.max(10, cluster.patch() + 1));
  }

  public boolean hasMinor(int minor) {
    return minor >= fromMinor && minor <= toMinor;
  }

  /** Versions the repository of this minor offers, newest first (the order apt-cache madison prints). */
  public List<Version> versions(int minor) {
    List<Version> out = new ArrayList<>();
    if (hasMinor(minor)) {
      for (int p = patches - 1; p >= 0; p--) {
        out.add(new Version(major, minor, p));
      }
    }
    return out;
  }

  public Optional<Version> latest(int minor) {
    return versions(minor).stream().findFirst();
  }

  /** The architectures pkgs.k8s.io builds, each listed in the one Packages index of a minor. */
  public static final List<String> ARCHITECTURES = List.of("amd64", "arm64", "ppc64el", "s390x");

  /**
   * The minor's {@code Packages} index as the flat repository serves it at {@code <minor>/deb/Packages}: one
   * deb-control stanza per package, version and architecture (OBS writes them oldest first), cri-tools and
   * kubernetes-cni beside the three Kubernetes packages. Null when the repository has no such minor.
   */
  public String packagesIndex(int minor) {
    if (!hasMinor(minor)) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String arch : ARCHITECTURES) {
      stanza(
          out,
          "cri-tools",
          major + "." + minor + ".1-1.1",
          arch,
          "Container Runtime Interface tools");
      stanza(
          out,
          "kubernetes-cni",
          "1.5.1-1.1",
          arch,
          "Binaries required to provision kubernetes container networking");
      List<Version> oldestFirst = new ArrayList<>(versions(minor));
      java.util.Collections.reverse(oldestFirst);
      for (Version v : oldestFirst) {
        for (String pkg : PACKAGES) {
          stanza(
              out,
              pkg,
              v.packageVersion(),
              arch,
              switch (pkg) {
                case "kubeadm" -> "Command-line utility for administering a Kubernetes cluster";
                case "kubelet" -> "Node agent for Kubernetes clusters";
                default -> "Command-line utility for interacting with a Kubernetes cluster";
              });
        }
      }
    }
    return out.toString();
  }

  private static void stanza(
      StringBuilder out, String pkg, String version, String arch, String description) {
    out.append("Package: ")
        .append(pkg)
        .append('\n')
        .append("Version: ")
        .append(version)
        .append('\n')
        .append("Architecture: ")
        .append(arch)
        .append('\n')
        .append("Maintainer: Kubernetes Authors <dev@kubernetes.io>\n")
        .append("Installed-Size: 71412\n")
        .append(pkg.equals("kubeadm") ? "Depends: cri-tools (>= 1.30.0)\n" : "")
        .append("Filename: ")
        .append(arch)
        .append('/')
        .append(pkg)
        .append('_')
        .append(version)
        .append('_')
        .append(arch)
        .append(".deb\n")
        .append("Size: 10449744\n")
        .append("SHA256: 5b1a3b9a0e1c1e4e8a3f9d7f4f2e6c0d9b8a7c6e5f4d3c2b1a0f9e8d7c6b5a49\n")
        .append("Section: admin\n")
        .append("Priority: optional\n")
        .append("Homepage: https://kubernetes.io\n")
        .append("Description: ")
        .append(description)
        .append('\n')
        .append(' ')
        .append(description)
        .append(".\n\n");
  }

  /** The deb line of the repository for a minor, as the install docs write it. */
  public static String debLine(String minorLabel) {
    return "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] " + URL_PREFIX + minorLabel
        + "/deb/ /";
  }

  public static final String KEYRING = "/etc/apt/keyrings/kubernetes-apt-keyring.gpg";
  /** What {@code gpg --dearmor} makes of pkgs.k8s.io's Release.key (a stand-in for the binary keyring). */
  public static final String KEYRING_CONTENT =
      "\u0099\u0001\r OpenPGP public key: isv:kubernetes OBS Project <isv:kubernetes@build.opensuse.org>\n";
  /** Release.key as pkgs.k8s.io serves it (armored; the body is a stand-in). */
  public static final String RELEASE_KEY =
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\nVersion: GnuPG v1.4.5 (GNU/Linux)\n\n"
          + "mQENBGMHoXcBCADukGOEQyleViOgtkMVa7hKifP6POCTh+98xNW4TfHK/nBJN2sm\n=ZQAd\n-----END PGP PUBLIC KEY BLOCK-----\n";

  /** The {@code arch=} option of a deb line ("arm64"), or null when the line has none (the host's own). */
  public static String archOf(String listContent) {
    return option(listContent, "arch");
  }

  /** The {@code signed-by=} keyring of a deb line, or null. */
  public static String signedBy(String listContent) {
    return option(listContent, "signed-by");
  }

  private static String option(String listContent, String name) {
    if (listContent == null) {
      return null;
    }
    var m = java.util.regex.Pattern.compile("^deb \\[([^]]*)]", java.util.regex.Pattern.MULTILINE)
        .matcher(listContent);
    if (!m.find()) {
      return null;
    }
    for (String opt : m.group(1).trim().split("\\s+")) {
      if (opt.startsWith(name + "=")) {
        return opt.substring(name.length() + 1);
      }
    }
    return null;
  }

  /** The minor ("v1.31") a kubernetes.list content points at, or null if it is not a pkgs.k8s.io line. */
  public static String minorOf(String listContent) {
    if (listContent == null) {
      return null;
    }
    var m = java.util.regex.Pattern.compile(
            "https://pkgs\\.k8s\\.io/core:/stable:/(v\\d+\\.\\d+)/deb/")
        .matcher(listContent);
    return m.find() ? m.group(1) : null;
  }
}
