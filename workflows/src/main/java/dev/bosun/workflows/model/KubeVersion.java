package dev.bosun.workflows.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes release version, vMAJOR.MINOR.PATCH (no pre-releases: Bosun upgrades to releases only). */
public record KubeVersion(int major, int minor, int patch) implements Comparable<KubeVersion> {

  private static final Pattern FORMAT =
      Pattern.compile("v(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})");

  /** True for the exact form vMAJOR.MINOR.PATCH, e.g. v1.31.2. */
  public static boolean isValid(String text) {
    return text != null && FORMAT.matcher(text).matches();
  }

  @JsonCreator
  public static KubeVersion parse(String text) {
    Matcher m = text == null ? null : FORMAT.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "version must be vMAJOR.MINOR.PATCH (e.g. v1.31.2), got '" + text + "'");
    }
    return new KubeVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  /**
   * The release a Debian package version is built from: "1.31.9-1.1" (or "1.31.9") → v1.31.9. Throws when the
   * upstream part is not MAJOR.MINOR.PATCH.
   */
  public static KubeVersion ofPackage(String packageVersion) {
    int dash = packageVersion == null ? -1 : packageVersion.indexOf('-');
    return parse("v" + (dash < 0 ? packageVersion : packageVersion.substring(0, dash)));
  }

  /** The first release of the minor {@code minorsUp} above this one (v1.30.6, 1 → v1.31.0). */
  public KubeVersion minorAbove(int minorsUp) {
    return new KubeVersion(major, minor + minorsUp, 0);
  }

  /** "v1.31": the pkgs.k8s.io repository of this minor. */
  public String minorLabel() {
    return "v" + major + "." + minor;
  }

  /** "1.31.2": the upstream part of the Debian package version ("1.31.2-1.1"). */
  public String bare() {
    return major + "." + minor + "." + patch;
  }

  public boolean sameMinor(KubeVersion other) {
    return major == other.major && minor == other.minor;
  }

  /** Minor releases from this to {@code other} (1 = the next minor). */
  public int minorsTo(KubeVersion other) {
    if (major != other.major) {
      return (other.major - major) * 1000;
    }
    return other.minor - minor;
  }

  @Override
  public int compareTo(KubeVersion o) {
    if (major != o.major) {
      return Integer.compare(major, o.major);
    }
    if (minor != o.minor) {
      return Integer.compare(minor, o.minor);
    }
    return Integer.compare(patch, o.patch);
  }

  @JsonValue
  @Override
  public String toString() {
    return "v" + major + "." + minor + "." + patch;
  }
}
