package dev.bosun.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import dev.bosun.worker.temporal.TemporalConnection;
import dev.bosun.worker.temporal.TemporalSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker's connection to Temporal: service stubs, a client for the namespace, and the SDK metrics
 * scope feeding Micrometer. Shuts the stubs down on close only when it opened them itself.
 */
public final class TemporalService implements AutoCloseable {

  private final TemporalSettings settings;
  private final WorkflowServiceStubs stubs;
  private final boolean ownsStubs;
  private final Scope metricsScope;
  private final WorkflowClient client;

  private TemporalService(
      TemporalSettings settings,
      WorkflowServiceStubs stubs,
      boolean ownsStubs,
      Scope metricsScope) {
    this.settings = settings;
    this.stubs = stubs;
    this.ownsStubs = ownsStubs;
    this.metricsScope = metricsScope;
    this.client = TemporalConnection.client(stubs, settings);
  }

  /**
   * Connects with {@code settings}; when {@code meterRegistry} is not null the SDK reports its metrics
   * there every {@code reportEvery}.
   */
  public static TemporalService connect(
      TemporalSettings settings,
      Map<String, String> env,
      Duration timeout,
      MeterRegistry meterRegistry,
      Duration reportEvery) {
    Scope scope = meterRegistry == null ? null : metricsScope(meterRegistry, reportEvery);
    try {
      return new TemporalService(
          settings, TemporalConnection.connect(settings, env, timeout, scope), true, scope);
    } catch (RuntimeException e) {
      closeQuietly(scope);
      throw e;
    }
  }

  /** Uses stubs someone else connected (and will close); only the namespace of {@code settings} applies. */
  public static TemporalService provided(TemporalSettings settings, WorkflowServiceStubs stubs) {
    return new TemporalService(settings, stubs, false, null);
  }

  static Scope metricsScope(MeterRegistry meterRegistry, Duration reportEvery) {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(meterRegistry))
        .reportEvery(com.uber.m3.util.Duration.ofMillis(reportEvery.toMillis()));
  }

  /** Asks the server who it is; throws {@link io.grpc.StatusRuntimeException} when it does not answer. */
  public GetSystemInfoResponse systemInfo(Duration timeout) {
    return stubs
        .blockingStub()
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
  }

  /** The address the stubs talk to, or "provided channel" when the embedder passed a channel. */
  public String address() {
    String target = stubs.getOptions().getTarget();
    return target != null ? target : ownsStubs ? settings.address() : "provided channel";
  }

  public TemporalSettings settings() {
    return settings;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    if (ownsStubs) {
      stubs.shutdown();
      stubs.awaitTermination(5, TimeUnit.SECONDS);
    }
    closeQuietly(metricsScope);
  }

  /** Closing flushes the last metrics; a failure there must not block shutdown. */
  private static void closeQuietly(Scope scope) {
    if (scope == null) {
      return;
    }
    try {
      scope.close();
    } catch (ScopeCloseException e) {
      org.slf4j.LoggerFactory.getLogger(TemporalService.class)
          .warn("closing the metrics scope failed: {}", e.getMessage());
    }
  }
}
