package dev.bosun.cli.operation;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.activities.BosunActivities;
import dev.bosun.workflows.BosunWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;

/**
 * A Bosun worker in this JVM: every workflow of {@link BosunWorkflows#IMPLEMENTATIONS} and every
 * activity of {@link BosunActivities}, polling {@code taskQueue}. Used when bosun runs embedded
 * ({@code demo}, or {@code upgrade} without an address) and by {@code bosun worker}.
 */
public final class InProcessWorker implements AutoCloseable {

  private final WorkerFactory factory;
  private final BosunActivities activities;

  private InProcessWorker(WorkerFactory factory, BosunActivities activities) {
    this.factory = factory;
    this.activities = activities;
  }

  public static InProcessWorker start(WorkflowClient client, String taskQueue) {
    BosunActivities activities = BosunActivities.create(ActivitySettings.defaults());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    try {
      Worker worker = factory.newWorker(taskQueue);
      worker.registerWorkflowImplementationTypes(BosunWorkflows.IMPLEMENTATIONS.toArray(Class<?>[]::new));
      worker.registerActivitiesImplementations(activities.implementations().toArray());
      factory.start();
      return new InProcessWorker(factory, activities);
    } catch (RuntimeException e) {
      factory.shutdownNow();
      activities.close();
      throw e;
    }
  }

  /** Blocks until the worker has stopped (after {@link #close()} from another thread). */
  public void awaitTermination() {
    factory.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
  }

  /** Graceful: in-flight tasks finish (bounded), then SSH and Kubernetes clients close. */
  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    factory.shutdownNow();
    activities.close();
  }
}
