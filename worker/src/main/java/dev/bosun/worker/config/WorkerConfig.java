package dev.bosun.worker.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code bosun.worker.*}: how the Temporal worker polls and stops.
 *
 * @param maxConcurrentActivities activity tasks executed at once by this worker
 * @param maxConcurrentWorkflowTasks workflow tasks executed at once by this worker
 * @param workflowPollers concurrent long polls for workflow tasks
 * @param activityPollers concurrent long polls for activity tasks
 * @param shutdownGrace how long in-flight activities may run on after polling stops; what is still
 *     running then is interrupted, and Temporal retries it on another worker
 * @param createSearchAttributes register Bosun's missing search attributes on start (when the server
 *     allows it); false only checks and refuses to start when some are missing
 * @param metricsReportInterval how often the SDK's metrics are pushed into the Micrometer registry
 * @param workflowCacheSize workflow executions kept in memory between tasks (sticky execution)
 * @param stickyScheduleToStartTimeout how long the server holds a cached workflow's next task for this
 *     worker before offering it to any worker (matters when this worker stops)
 */
@ConfigurationProperties("bosun.worker")
public record WorkerConfig(
    @Bindable(defaultValue = "50") int maxConcurrentActivities,
    @Bindable(defaultValue = "50") int maxConcurrentWorkflowTasks,
    @Bindable(defaultValue = "2") int workflowPollers,
    @Bindable(defaultValue = "2") int activityPollers,
    @Bindable(defaultValue = "30s") Duration shutdownGrace,
    @Bindable(defaultValue = "true") boolean createSearchAttributes,
    @Bindable(defaultValue = "10s") Duration metricsReportInterval,
    @Bindable(defaultValue = "600") int workflowCacheSize,
    @Bindable(defaultValue = "5s") Duration stickyScheduleToStartTimeout) {

  public WorkerConfig {
    Settings.requirePositive("bosun.worker.max-concurrent-activities", maxConcurrentActivities);
    Settings.requirePositive(
        "bosun.worker.max-concurrent-workflow-tasks", maxConcurrentWorkflowTasks);
    Settings.requirePositive("bosun.worker.workflow-pollers", workflowPollers);
    Settings.requirePositive("bosun.worker.activity-pollers", activityPollers);
    Settings.requireNotNegative("bosun.worker.shutdown-grace", shutdownGrace);
    Settings.requirePositive("bosun.worker.metrics-report-interval", metricsReportInterval);
    Settings.requirePositive("bosun.worker.workflow-cache-size", workflowCacheSize);
    Settings.requirePositive(
        "bosun.worker.sticky-schedule-to-start-timeout", stickyScheduleToStartTimeout);
  }

  /** The defaults of application.yml, for programs that embed the worker without Micronaut. */
  public static WorkerConfig defaults() {
    return new WorkerConfig(
        50,
        50,
        2,
        2,
        Duration.ofSeconds(30),
        true,
        Duration.ofSeconds(10),
        600,
        Duration.ofSeconds(5));
  }
}
