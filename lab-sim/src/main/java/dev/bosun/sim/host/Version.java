package dev.bosun.sim.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes release version as the tools print it (v1.31.2) and as pkgs.k8s.io packages it (1.31.2-1.1). */
public record Version(int major, int minor, int patch) implements Comparable<Version> {

  private static final Pattern TEXT =
      Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-[0-9A-Za-z.]+)?");

  /** Parses v1.31.2, 1.31.2 or a package version 1.31.2-1.1; null when it is none of these. */
  public static Version parseOrNull(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = TEXT.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    return new Version(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  public static Version parse(String text) {
    Version v = parseOrNull(text);
    if (v == null) {
      throw new IllegalArgumentException(
          "version must be vMAJOR.MINOR.PATCH (e.g. v1.30.6), got '" + text + "'");
    }
    return v;
  }

  /** The pkgs.k8s.io package version: 1.31.2-1.1. */
  public String packageVersion() {
    return major + "." + minor + "." + patch + "-1.1";
  }

  public String minorLabel() {
    return "v" + major + "." + minor;
  }

  public String bare() {
    return major + "." + minor + "." + patch;
  }

  public boolean sameMinor(Version o) {
    return major == o.major && minor == o.minor;
  }

  @Override
  public int compareTo(Version o) {
    if (major != o.major) {
      return Integer.compare(major, o.major);
    }
    if (minor != o.minor) {
      return Integer.compare(minor, o.minor);
    }
    return Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return "v" + major + "." + minor + "." + patch;
  }
}
