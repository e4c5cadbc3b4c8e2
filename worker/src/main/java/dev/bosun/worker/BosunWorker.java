package dev.bosun.worker;

import dev.bosun.worker.config.WorkerConfig;
import dev.bosun.workflows.BosunSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Temporal worker on Bosun's task queue: registers the workflows and activities, checks the search
 * attributes, polls, and stops gracefully. Usable without Micronaut:
 *
 * <pre>{@code
 * try (BosunWorker worker = BosunWorker.create(client, "bosun", WorkerConfig.defaults(), registrations)) {
 *   worker.start();
 *   ...
 * } // close(): stop polling, let in-flight activities finish within the grace, then interrupt
 * }</pre>
 *
 * The caller keeps ownership of the client and its service stubs.
 */
public final class BosunWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BosunWorker.class);

  /** What {@link #state()} reports. */
  public enum State {
    CREATED,
    POLLING,
    STOPPING,
    STOPPED
  }

  private final WorkflowClient client;
  private final String taskQueue;
  private final WorkerConfig config;
  private final Registrations registrations;
  private final SearchAttributeStore searchAttributes;
  private final MdcWorkerInterceptor interceptor = new MdcWorkerInterceptor();
  private final WorkerFactory factory;
  private volatile State state = State.CREATED;

  private BosunWorker(
      WorkflowClient client,
      String taskQueue,
      WorkerConfig config,
      Registrations registrations,
      SearchAttributeStore searchAttributes) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.config = config;
    this.registrations = registrations;
    this.searchAttributes = searchAttributes;
    this.factory = WorkerFactory.newInstance(
        client,
        WorkerFactoryOptions.newBuilder()
            .setWorkerInterceptors(interceptor)
            .setWorkflowCacheSize(config.workflowCacheSize())
            .build());
    Worker worker = factory.newWorker(taskQueue, workerOptions(config));
    if (!registrations.workflowImplementations().isEmpty()) {
      worker.registerWorkflowImplementationTypes(
          registrations.workflowImplementations().toArray(Class<?>[]::new));
    }
    if (!registrations.activityImplementations().isEmpty()) {
      worker.registerActivitiesImplementations(
          registrations.activityImplementations().toArray());
    }
  }

  /** A worker whose search-attribute check goes through the client's OperatorService. */
  public static BosunWorker create(
      WorkflowClient client, String taskQueue, WorkerConfig config, Registrations registrations) {
    return create(
        client,
        taskQueue,
        config,
        registrations,
        new OperatorSearchAttributeStore(
            client.getWorkflowServiceStubs(), client.getOptions().getNamespace()));
  }

  /** As {@link #create(WorkflowClient, String, WorkerConfig, Registrations)} with a given attribute store. */
  public static BosunWorker create(
      WorkflowClient client,
      String taskQueue,
      WorkerConfig config,
      Registrations registrations,
      SearchAttributeStore searchAttributes) {
    if (taskQueue == null || taskQueue.isBlank()) {
      throw new IllegalArgumentException("bosun.temporal.task-queue must not be empty");
    }
    return new BosunWorker(client, taskQueue, config, registrations, searchAttributes);
  }

  private static WorkerOptions workerOptions(WorkerConfig config) {
    return WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(config.maxConcurrentActivities())
        .setMaxConcurrentWorkflowTaskExecutionSize(config.maxConcurrentWorkflowTasks())
        .setMaxConcurrentWorkflowTaskPollers(config.workflowPollers())
        .setMaxConcurrentActivityTaskPollers(config.activityPollers())
        .setStickyQueueScheduleToStartTimeout(config.stickyScheduleToStartTimeout())
        .build();
  }

  /**
   * Ensures Bosun's search attributes (throws {@link SearchAttributesMissingException} when they are
   * missing and cannot be added), then starts polling.
   */
  public synchronized void start() {
    if (state != State.CREATED) {
      throw new IllegalStateException(
          "worker on task queue " + taskQueue + " is " + state + "; start it only once");
    }
    SearchAttributeCheck.ensure(
        searchAttributes,
        client.getOptions().getNamespace(),
        BosunSearchAttributes.ALL,
        config.createSearchAttributes());
    if (registrations.workflowImplementations().isEmpty()
        && registrations.activityImplementations().isEmpty()) {
      log.warn(
          "no workflows and no activities to register; the worker on task queue {} will not poll",
          taskQueue);
    }
    factory.start();
    state = State.POLLING;
    log.info(
        "worker polling task queue {} in namespace {}: {} workflow types, {} activity implementations",
        taskQueue,
        client.getOptions().getNamespace(),
        registrations.workflowImplementations().size(),
        registrations.activityImplementations().size());
  }

  /**
   * Stops polling, waits up to {@code bosun.worker.shutdown-grace} for in-flight activities and workflow
   * tasks, then interrupts what is left. Nothing is lost: Temporal hands unfinished tasks to another
   * worker once their timeouts expire.
   */
  @Override
  public synchronized void close() {
    if (state == State.STOPPED || state == State.STOPPING) {
      return;
    }
    if (state == State.CREATED) {
      factory.shutdownNow();
      state = State.STOPPED;
      return;
    }
    state = State.STOPPING;
    Duration grace = config.shutdownGrace();
    int inFlight = interceptor.activitiesInFlight();
    log.info(
        "stopping worker on task queue {}: polling stopped, waiting up to {} for {} in-flight activities",
        taskQueue,
        grace,
        inFlight);
    long started = System.nanoTime();
    factory.shutdown();
    factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    long waitedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    int left = interceptor.activitiesInFlight();
    // A task queue with nothing registered never starts its pollers, so its worker never reports
    // "terminated"; what matters is whether any activity is still running.
    if (factory.isTerminated() || left == 0) {
      log.info(
          "worker on task queue {} drained after {} ms; no activity was interrupted",
          taskQueue,
          waitedMs);
    } else {
      log.warn(
          "worker on task queue {}: grace of {} elapsed with {} activities still running; interrupting them (Temporal retries them on another worker)",
          taskQueue,
          grace,
          left);
    }
    factory.shutdownNow();
    factory.awaitTermination(5, TimeUnit.SECONDS);
    state = State.STOPPED;
  }

  public State state() {
    return state;
  }

  public String taskQueue() {
    return taskQueue;
  }

  public String namespace() {
    return client.getOptions().getNamespace();
  }

  public Registrations registrations() {
    return registrations;
  }

  public int activitiesInFlight() {
    return interceptor.activitiesInFlight();
  }

  public WorkflowClient client() {
    return client;
  }
}
