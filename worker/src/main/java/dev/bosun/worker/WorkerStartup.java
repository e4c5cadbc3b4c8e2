package dev.bosun.worker;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/** Starts polling once the context is up; {@code bosun.worker.enabled=false} leaves only configuration. */
@Singleton
@Requires(property = "bosun.worker.enabled", notEquals = "false")
public class WorkerStartup {

  private final BeanProvider<BosunWorker> worker;

  WorkerStartup(BeanProvider<BosunWorker> worker) {
    this.worker = worker;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    worker.get().start();
  }
}
