package dev.bosun.sim.velero;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The labs' object storage on the sim backend: an s3Url that names a lab ({@code http://<cluster>.s3.lab-sim.invalid})
 * resolves to that lab's {@code <workDir>/s3}, where a bucket is a directory and an object the file
 * {@code <bucket>/<key>} (s3proxy's filesystem layout). Nothing listens at the URL: Velero's double reads the
 * directory. A lab registers on start and unregisters on close.
 */
public final class ObjectStores {

  private static final Map<String, Path> BY_URL = new ConcurrentHashMap<>();

  private ObjectStores() {}

  /** Registers {@code dir} under a URL naming {@code cluster} (suffixed when a live lab has the name); returns the URL. */
  public static String register(String cluster, Path dir) {
    for (int i = 1; ; i++) {
      String url = "http://" + cluster + (i == 1 ? "" : "-" + i) + ".s3.lab-sim.invalid";
      if (BY_URL.putIfAbsent(url, dir) == null) {
        return url;
      }
    }
  }

  public static void unregister(String url) {
    BY_URL.remove(url);
  }

  /** The directory behind an s3Url, when a lab serves it. */
  public static Optional<Path> directory(String s3Url) {
    if (s3Url == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_URL.get(s3Url.replaceAll("/+$", "")));
  }
}
