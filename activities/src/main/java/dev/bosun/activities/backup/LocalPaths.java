package dev.bosun.activities.backup;

/** Paths on the worker as the inventory writes them: {@code ~/} is the worker's home. */
final class LocalPaths {

  private LocalPaths() {}

  static String expand(String path) {
    return path != null && path.startsWith("~/")
        ? System.getProperty("user.home") + path.substring(1)
        : path;
  }
}
