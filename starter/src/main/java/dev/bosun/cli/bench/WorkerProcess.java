package dev.bosun.cli.bench;

import dev.bosun.sim.net.LocalPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar worker/target/bosun-worker.jar} as its own process, with a GC log, so that its peak heap
 * and peak RSS are its own.
 */
final class WorkerProcess implements AutoCloseable {

  /** "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 95M->23M(256M) 4.1ms": heap in use before → after. */
  private static final Pattern GC_LINE =
      Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private final Process process;
  private final Path gcLog;
  private final Path log;

  WorkerProcess(Path repo, String address, Path dir) throws IOException {
    Path jar = repo.resolve("worker/target/bosun-worker.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "no " + jar + ": build it first (mvn -B -o -q -DskipTests package)");
    }
    gcLog = dir.resolve("worker-gc.log");
    log = dir.resolve("worker.log");
    List<String> cmd =
        new ArrayList<>(List.of(javaBin(), "-Xlog:gc:file=" + gcLog, "-jar", jar.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TEMPORAL_ADDRESS", address);
    pb.environment().put("BOSUN_TASK_QUEUE", BosunUpgrade.TASK_QUEUE);
    pb.environment()
        .put(
            "MICRONAUT_SERVER_PORT",
            Integer.toString(LocalPorts.free())); // not 8080: others use it
    process = pb.start();
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** Largest heap in use before a GC, and the largest committed heap, in MiB, from the GC log. */
  double[] peakHeapMiB() {
    double used = 0;
    double committed = 0;
    try {
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = GC_LINE.matcher(line);
        if (m.find()) {
          used = Math.max(used, Double.parseDouble(m.group(1)));
          committed = Math.max(committed, Double.parseDouble(m.group(3)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + gcLog, e);
    }
    return new double[] {used, committed};
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: graceful shutdown
    try {
      if (!process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
