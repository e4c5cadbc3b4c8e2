package dev.bosun.cli.operation;

import dev.bosun.cli.temporal.TemporalSession;
import dev.bosun.worker.EmbeddedWorker;

/**
 * A Bosun worker in this JVM, through the worker module's embedding API ({@link EmbeddedWorker}: the same
 * Micronaut context, workflows and activities as the worker jar, no HTTP server), on the session's
 * connection and task queue. Used when bosun runs embedded ({@code demo}, or {@code upgrade} without an
 * address) and by {@code bosun worker}.
 */
public final class InProcessWorker implements AutoCloseable {

  private final EmbeddedWorker worker;

  private InProcessWorker(EmbeddedWorker worker) {
    this.worker = worker;
  }

  /** For a run that ends with this command (embedded): a short shutdown grace. */
  public static InProcessWorker start(TemporalSession session) {
    return start(session, "2s");
  }

  /** @param shutdownGrace how long running tasks may finish on close (30s, 2s…) */
  public static InProcessWorker start(TemporalSession session, String shutdownGrace) {
    return new InProcessWorker(EmbeddedWorker.builder()
        .serviceStubs(session.stubs())
        .codec(
            session.settings().codec()) // the CLI's --codec-* keys: worker and client encrypt alike
        .property("bosun.temporal.namespace", session.settings().namespace())
        .property("bosun.temporal.task-queue", session.settings().taskQueue())
        .property("bosun.worker.shutdown-grace", shutdownGrace)
        .start());
  }

  /** Graceful: no new tasks, running ones finish within the worker's shutdown grace, then the context closes. */
  @Override
  public void close() {
    worker.close();
  }
}
