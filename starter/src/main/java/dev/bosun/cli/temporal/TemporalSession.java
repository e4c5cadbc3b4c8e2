package dev.bosun.cli.temporal;

import dev.bosun.worker.temporal.TemporalConnection;
import dev.bosun.worker.temporal.TemporalSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.Map;

/**
 * A command's connection to Temporal: the given server, or an embedded one when no address is given
 * and the command can run embedded. Closing it closes the stubs and stops the embedded server.
 */
public final class TemporalSession implements AutoCloseable {

  /** How long the server has to answer the first call; also the stubs' RPC timeout (the SDK's default). */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final TemporalSettings settings;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final EmbeddedTemporal embedded;

  private TemporalSession(
      TemporalSettings settings, WorkflowServiceStubs stubs, EmbeddedTemporal embedded) {
    this.settings = settings;
    this.stubs = stubs;
    this.client = TemporalConnection.client(stubs, settings);
    this.embedded = embedded;
  }

  /**
   * Connects (checking the server answers) or, with no address and {@code embeddedAllowed}, starts an
   * embedded server first.
   *
   * @throws dev.bosun.worker.temporal.TemporalUnreachableException the server did not answer (exit 3)
   * @throws IllegalArgumentException no address and this command needs a shared server
   */
  public static TemporalSession open(
      TemporalSettings requested, Map<String, String> env, boolean embeddedAllowed) {
    if (!requested.embedded()) {
      return new TemporalSession(
          requested, TemporalConnection.connect(requested, env, CONNECT_TIMEOUT), null);
    }
    if (!embeddedAllowed) {
      throw new IllegalArgumentException(
          "this command needs a shared Temporal server: give --address or TEMPORAL_ADDRESS (temporal-dev/start runs one)");
    }
    EmbeddedTemporal embedded = EmbeddedTemporal.start(requested.namespace());
    try {
      TemporalSettings settings = embedded.settings(requested);
      return new TemporalSession(
          settings, TemporalConnection.connect(settings, env, CONNECT_TIMEOUT), embedded);
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
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

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    stubs.shutdown();
    try {
      stubs.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
