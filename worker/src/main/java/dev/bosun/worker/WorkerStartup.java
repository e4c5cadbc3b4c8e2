package dev.bosun.worker;

import dev.bosun.worker.temporal.TemporalUnreachableException;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts polling once the context is up; {@code bosun.worker.enabled=false} leaves only configuration. */
@Singleton
@Requires(property = "bosun.worker.enabled", notEquals = "false")
public class WorkerStartup {

  private static final Logger log = LoggerFactory.getLogger(WorkerStartup.class);

  private final BeanProvider<BosunWorker> worker;

  WorkerStartup(BeanProvider<BosunWorker> worker) {
    this.worker = worker;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    try {
      worker.get().start();
    } catch (RuntimeException e) {
      // Micronaut reports the failure with its bean path; say first, in one line, what to fix.
      Throwable cause = operatorCause(e);
      if (cause != null) {
        log.error("the Bosun worker cannot start: {}", cause.getMessage());
      }
      throw e;
    }
  }

  /** The exception an operator can act on (unreachable server, missing attributes, bad setting). */
  private static Throwable operatorCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TemporalUnreachableException
          || t instanceof SearchAttributesMissingException
          || t instanceof IllegalArgumentException
          || t instanceof IllegalStateException) {
        return t;
      }
    }
    return null;
  }
}
