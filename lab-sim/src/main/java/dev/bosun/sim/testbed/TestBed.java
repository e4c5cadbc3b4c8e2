package dev.bosun.sim.testbed;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Where the test bed's binaries are (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, etcd,
 * kwok): built by {@code testbed/install} into a cache keyed by a hash of the Go wrapper module. This class
 * finds them and, when asked, runs the build; it never downloads anything itself.
 */
public final class TestBed {

  public static final List<String> BINARIES = List.of(
      "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "etcd", "kwok");

  /** The test bed as found: a bin directory, or the reason there is none (for skips and errors). */
  public record Availability(Path binDir, String reason) {
    public boolean available() {
      return binDir != null;
    }

    public Path binary(String name) {
      if (binDir == null) {
        throw new TestBedException(reason);
      }
      return binDir.resolve(name);
    }
  }

  private static volatile Availability found;
  private static volatile VeleroAvailability veleroFound;

  /** The version of Velero (server and CLI) that {@code testbed/velero/build} builds. */
  public static final String VELERO_VERSION = "v1.18.3";

  /** The object-store plugin (image name) that {@code testbed/velero/build} builds beside it ({@code plugin_version}). */
  public static final String VELERO_AWS_PLUGIN = "velero/velero-plugin-for-aws:v1.14.3";

  /**
   * The test bed's Velero as found: a directory holding {@code bin/velero} (server and CLI, one binary) and
   * {@code plugins/velero-plugin-for-aws}, or the reason there is none.
   */
  public record VeleroAvailability(Path dir, String reason) {
    public boolean available() {
      return dir != null;
    }

    /** The velero binary (throws with the reason when it is not built). */
    public Path velero() {
      if (dir == null) {
        throw new TestBedException(reason);
      }
      return dir.resolve("bin/velero");
    }

    /** The directory to give {@code velero server --plugin-dir}. */
    public Path pluginDir() {
      if (dir == null) {
        throw new TestBedException(reason);
      }
      return dir.resolve("plugins");
    }
  }

  private TestBed() {}

  /**
   * Why {@code tool} (rclone, restic: taken from this machine's packages, not built here) cannot run, or null when it
   * is on PATH; for skips, like {@link S3Proxy#unavailableReason()}.
   */
  public static String toolUnavailableReason(String tool) {
    boolean onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    return onPath
        ? null
        : tool + " is not on PATH (apt-get install " + tool + "; .ci/run installs it)";
  }

  /** The built test bed, or why there is none; never builds (a cold build takes minutes). Cached per JVM once found. */
  public static Availability find() {
    Availability a = found;
    if (a != null && a.available()) {
      return a;
    }
    a = locate();
    found = a;
    return a;
  }

  private static Availability locate() {
    String env = System.getenv("BOSUN_TESTBED_BIN");
    if (env != null && !env.isBlank()) {
      Path dir = Path.of(env);
      List<String> missing = missingIn(dir);
      return missing.isEmpty()
          ? new Availability(dir, null)
          : new Availability(
              null, "BOSUN_TESTBED_BIN=" + env + " lacks " + String.join(", ", missing));
    }
    Optional<Path> script = installScript();
    if (script.isEmpty()) {
      return new Availability(
          null,
          "testbed/install was not found above " + Path.of("").toAbsolutePath()
              + " (run from a Bosun checkout, or set BOSUN_TESTBED_BIN to a directory with "
              + String.join(", ", BINARIES) + ")");
    }
    Run check = run(List.of(script.get().toString(), "--check"), null);
    if (check.exit == 0) {
      return new Availability(Path.of(check.lastLine), null);
    }
    String why = hasGo()
        ? "the test bed is not built yet: run " + script.get()
            + " (a cold build takes about 10 minutes on 2 cores)"
        : "Go is not installed, so the test bed (kube-apiserver, etcd, kwok…) cannot be built: install Go 1.26+, then run "
            + script.get();
    return new Availability(null, why);
  }

  /**
   * The built Velero part of the test bed ({@code testbed/install --check velero}), or why there is none; never
   * builds. {@code BOSUN_TESTBED_VELERO} may name the directory instead. Cached per JVM once found.
   */
  public static VeleroAvailability velero() {
    VeleroAvailability a = veleroFound;
    if (a != null && a.available()) {
      return a;
    }
    a = locateVelero();
    veleroFound = a;
    return a;
  }

  private static VeleroAvailability locateVelero() {
    String env = System.getenv("BOSUN_TESTBED_VELERO");
    if (env != null && !env.isBlank()) {
      Path dir = Path.of(env);
      return veleroComplete(dir)
          ? new VeleroAvailability(dir, null)
          : new VeleroAvailability(
              null,
              "BOSUN_TESTBED_VELERO=" + env + " lacks bin/velero or plugins/velero-plugin-for-aws");
    }
    Optional<Path> script = installScript();
    if (script.isEmpty()) {
      return new VeleroAvailability(
          null,
          "testbed/install was not found above " + Path.of("").toAbsolutePath()
              + " (run from a Bosun checkout, or set BOSUN_TESTBED_VELERO to a directory with bin/velero and plugins/)");
    }
    Run check = run(List.of(script.get().toString(), "--check", "velero"), null);
    if (check.exit == 0 && veleroComplete(Path.of(check.lastLine))) {
      return new VeleroAvailability(Path.of(check.lastLine), null);
    }
    String why = hasGo()
        ? "Velero " + VELERO_VERSION + " is not built yet: run " + script.get()
            + " velero (a cold build takes 10 to 20 minutes on 2 cores)"
        : "Go is not installed, so the test bed's Velero cannot be built: install Go 1.26+, then run "
            + script.get() + " velero";
    return new VeleroAvailability(null, why);
  }

  private static boolean veleroComplete(Path dir) {
    return Files.isExecutable(dir.resolve("bin/velero"))
        && Files.isExecutable(dir.resolve("plugins/velero-plugin-for-aws"));
  }

  /** Builds the test bed when it is missing (prints the build's progress lines to {@code progress}); returns the bin directory. */
  public static Path build(Consumer<String> progress) {
    Availability a = find();
    if (a.available()) {
      return a.binDir();
    }
    Path script = installScript().orElseThrow(() -> new TestBedException(a.reason()));
    Run r = run(List.of(script.toString(), "kube"), progress);
    if (r.exit != 0) {
      throw new TestBedException("testbed/install failed (exit " + r.exit + "): " + r.lastLines);
    }
    found = null;
    Availability built = find();
    if (!built.available()) {
      throw new TestBedException(built.reason());
    }
    return built.binDir();
  }

  /** testbed/install of the checkout this process runs in: BOSUN_HOME, the working directory or a parent of it. */
  public static Optional<Path> installScript() {
    List<Path> starts = new ArrayList<>();
    String home = System.getenv("BOSUN_HOME");
    if (home != null && !home.isBlank()) {
      starts.add(Path.of(home));
    }
    starts.add(Path.of("").toAbsolutePath());
    for (Path start : starts) {
      for (Path p = start; p != null; p = p.getParent()) {
        Path script = p.resolve("testbed/install");
        if (Files.isExecutable(script)) {
          return Optional.of(script);
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> missingIn(Path dir) {
    return BINARIES.stream().filter(b -> !Files.isExecutable(dir.resolve(b))).toList();
  }

  private static boolean hasGo() {
    return run(List.of("go", "version"), null).exit == 0;
  }

  private record Run(int exit, String lastLine, String lastLines) {}

  private static Run run(List<String> command, Consumer<String> progress) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      List<String> lines = new ArrayList<>();
      try (var reader = new java.io.BufferedReader(
          new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.add(line);
          if (progress != null) {
            progress.accept(line);
          }
        }
      }
      int exit = p.waitFor();
      String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
      return new Run(
          exit,
          last,
          String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    } catch (IOException e) {
      return new Run(127, "", command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(130, "", "interrupted");
    }
  }
}
