package dev.bosun.worker;

import io.micronaut.runtime.Micronaut;

/** {@code java -jar bosun-worker.jar}: the worker with /health and /prometheus on micronaut.server.port. */
public final class BosunWorkerApplication {

  private BosunWorkerApplication() {}

  public static void main(String[] args) {
    String format = LogFormat.resolve(System.getenv(), System.getProperties());
    if (format == null) {
      System.err.println("BOSUN_LOG_FORMAT must be 'text' or 'json'");
      System.exit(2);
    }
    Micronaut.build(args).mainClass(BosunWorkerApplication.class).banner(false).start();
  }
}
