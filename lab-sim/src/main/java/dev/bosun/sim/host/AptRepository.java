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
    return new AptRepository(cluster.major(), Math.max(0, cluster.minor() - 2), cluster.minor() + 3,
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
    return "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] " + URL_PREFIX + minorLabel + "/deb/ /";
  }

  /** The minor ("v1.31") a kubernetes.list content points at, or null if it is not a pkgs.k8s.io line. */
  public static String minorOf(String listContent) {
    if (listContent == null) {
      return null;
    }
    var m = java.util.regex.Pattern.compile("https://pkgs\\.k8s\\.io/core:/stable:/(v\\d+\\.\\d+)/deb/").matcher(listContent);
    return m.find() ? m.group(1) : null;
  }
}
