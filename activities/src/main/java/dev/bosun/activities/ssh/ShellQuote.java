package dev.bosun.activities.ssh;

import dev.bosun.workflows.model.KubeVersion;
import dev.bosun.workflows.rules.UrlRule;
import java.util.regex.Pattern;

/**
 * The only way values reach a remote shell: validated against a strict pattern, then single-quoted.
 * Validation comes first so that a bad value fails loudly instead of being quoted into something odd.
 */
public final class ShellQuote {

  private static final Pattern PACKAGE_VERSION = Pattern.compile("[0-9A-Za-z.+~:-]+");
  private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9.+-]*");
  // Absolute, no "..", no spaces or shell metacharacters.
  private static final Pattern PATH = Pattern.compile("/(?:[A-Za-z0-9._+-]+/)*[A-Za-z0-9._+-]+");

  private ShellQuote() {}

  /** POSIX single quotes; an embedded ' becomes '\''. Safe for any string, but callers validate first. */
  public static String quote(String value) {
    if (value == null) {
      throw new IllegalArgumentException("cannot quote a null value");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  public static String version(String version) {
    if (!KubeVersion.isValid(version)) {
      throw new IllegalArgumentException(
          "version must be vMAJOR.MINOR.PATCH (e.g. v1.31.2), got '" + version + "'");
    }
    return quote(version);
  }

  public static String version(KubeVersion version) {
    return version(version.toString());
  }

  public static String packageVersion(String version) {
    return quote(requirePackageVersion(version));
  }

  public static String requirePackageVersion(String version) {
    if (version == null || !PACKAGE_VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "package version must match [0-9A-Za-z.+~:-]+ (e.g. 1.31.2-1.1), got '" + version + "'");
    }
    return version;
  }

  public static String requirePackageName(String name) {
    if (name == null || !PACKAGE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "package name must match [a-z0-9][a-z0-9.+-]*, got '" + name + "'");
    }
    return name;
  }

  public static String path(String path) {
    if (path == null
        || !PATH.matcher(path).matches()
        || path.contains("/../")
        || path.endsWith("/..")) {
      throw new IllegalArgumentException(
          "path must be absolute and use only letters, digits and ._+- (no spaces, no ..), got '"
              + path + "'");
    }
    return quote(path);
  }

  /** The inventory's rule ({@link UrlRule}), https only; the error never quotes the URL (it may hold a password). */
  public static String requireUrl(String url) {
    return UrlRule.require("repository URL", url, false);
  }
}
