package dev.bosun.workflows.rules;

/** The Debian architecture Bosun names a node by (the word pkgs.k8s.io and the hypervisors use). */
public final class Architecture {

  private Architecture() {}

  /**
   * amd64 / arm64 from what a node reports ({@code uname -m}: x86_64, aarch64; or dpkg's own word), else the report
   * as it is (trimmed); null stays null.
   */
  public static String debian(String reported) {
    if (reported == null) {
      return null;
    }
    String a = reported.trim();
    return switch (a) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> a;
    };
  }
}
