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
