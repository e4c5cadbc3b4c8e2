package dev.bosun.worker;

import io.grpc.StatusRuntimeException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** /health "temporal": UP when the server answers GetSystemInfo and the worker is polling. */
@Singleton
@Requires(property = "bosun.worker.enabled", notEquals = "false")
public class TemporalHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  private final TemporalService temporal;
  private final BosunWorker worker;

  TemporalHealthIndicator(TemporalService temporal, BosunWorker worker) {
    this.temporal = temporal;
    this.worker = worker;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("address", temporal.address());
    details.put("namespace", worker.namespace());
    details.put("taskQueue", worker.taskQueue());
    details.put("worker", worker.state().name());
    details.put("activitiesInFlight", worker.activitiesInFlight());
    details.put(
        "workflowTypes", worker.registrations().workflowImplementations().size());
    details.put(
        "activityImplementations",
        worker.registrations().activityImplementations().size());
    boolean reachable;
    try {
      GetSystemInfoResponse info = temporal.systemInfo(PROBE_TIMEOUT);
      details.put("serverVersion", info.getServerVersion());
      reachable = true;
    } catch (StatusRuntimeException e) {
      details.put(
          "error",
          "cannot reach Temporal: " + e.getStatus().getCode()
              + (e.getStatus().getDescription() == null
                  ? ""
                  : " " + e.getStatus().getDescription()));
      reachable = false;
    }
    healthStatus = reachable && worker.state() == BosunWorker.State.POLLING
        ? HealthStatus.UP
        : HealthStatus.DOWN;
    return details;
  }

  @Override
  protected String getName() {
    return "temporal";
  }
}
