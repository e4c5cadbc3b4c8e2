package dev.bosun.cli.e2e;

import static org.awaitility.Awaitility.await;

import dev.bosun.sim.net.LocalPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Bosun worker as operators run it, {@code java -jar worker/target/bosun-worker.jar}, in its own process
 * (so a test can SIGKILL it), configured through the environment, its output in a log file under target/.
 */
final class WorkerProcess implements AutoCloseable {

  static final Path JAR =
      Path.of("..", "worker", "target", "bosun-worker.jar").toAbsolutePath().normalize();

  private final Process process;
  private final Path log;
  private final int httpPort;

  private WorkerProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Starts a worker and waits until /health says it is UP (connected, search attributes checked, polling). The free
   * port it is given can be taken by another test's process before the worker binds it (seen in CI): then a new port.
   */
  static WorkerProcess start(Map<String, String> env, Path log) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(env, log);
      } catch (IllegalStateException e) {
        if (attempt >= 3 || e.getMessage() == null || !e.getMessage().contains("already in use")) {
          throw e;
        }
      }
    }
  }

  private static WorkerProcess startOnce(Map<String, String> env, Path log) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR + " is missing: build the worker first (mvn -B verify builds it before starter)");
    }
    int httpPort = LocalPorts.free();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(
        java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(httpPort));
    WorkerProcess worker = new WorkerProcess(pb.start(), log, httpPort);
    try {
      await("worker " + log.getFileName() + " healthy")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> {
            if (!worker.process.isAlive()) {
              throw new IllegalStateException("the worker exited with " + worker.process.exitValue()
                  + "; its log:\n" + worker.logText());
            }
            return worker.healthy();
          });
    } catch (RuntimeException e) {
      worker.kill();
      throw e;
    }
    return worker;
  }

  boolean healthy() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("UP");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** SIGKILL: no graceful shutdown, no ShutdownWorker call, activities die mid-command. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM: the worker's graceful shutdown. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }
}
