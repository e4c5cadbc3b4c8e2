package dev.bosun.worker;

import dev.bosun.worker.codec.CodecKeys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The worker inside another program (the CLI's {@code bosun worker} and {@code bosun demo}): the same
 * Micronaut context as {@code java -jar bosun-worker.jar}, with settings given in code and, by default,
 * no HTTP server.
 *
 * <pre>{@code
 * try (EmbeddedWorker worker = EmbeddedWorker.builder()
 *     .serviceStubs(stubs)                                  // or property("bosun.temporal.address", "host:7233")
 *     .property("bosun.temporal.task-queue", "demo")
 *     .property("bosun.ssh.known-hosts", knownHosts.toString())
 *     .property("bosun.limits.max-commands-per-host", 2)
 *     .start()) {
 *   ...
 * } // close(): graceful worker shutdown, then the context
 * }</pre>
 */
public final class EmbeddedWorker implements AutoCloseable {

  private final ApplicationContext context;
  private final EmbeddedServer server;

  private EmbeddedWorker(ApplicationContext context, EmbeddedServer server) {
    this.context = context;
    this.server = server;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The running worker (task queue, state, registrations, client). */
  public BosunWorker worker() {
    return context.getBean(BosunWorker.class);
  }

  public ApplicationContext context() {
    return context;
  }

  /** Where /health and /prometheus answer, when the HTTP server was asked for. */
  public Optional<URL> httpUrl() {
    return Optional.ofNullable(server).map(EmbeddedServer::getURL);
  }

  /** Stops the HTTP server, then the context: the worker drains within its shutdown grace. */
  @Override
  public void close() {
    if (server != null && server.isRunning()) {
      server.stop();
    }
    if (context.isRunning()) {
      context.close();
    }
  }

  /** Settings for an {@link EmbeddedWorker}; property names are those of application.yml. */
  public static final class Builder {
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private WorkflowServiceStubs serviceStubs;
    private Registrations registrations;
    private boolean httpServer;
    private CodecKeys codec;

    private Builder() {}

    /** Any property, e.g. {@code bosun.temporal.task-queue}, {@code bosun.worker.shutdown-grace}. */
    public Builder property(String name, Object value) {
      properties.put(name, value);
      return this;
    }

    public Builder properties(Map<String, ?> values) {
      properties.putAll(values);
      return this;
    }

    /** Use these connected stubs (their namespace comes from {@code bosun.temporal.namespace}); not closed here. */
    public Builder serviceStubs(WorkflowServiceStubs stubs) {
      this.serviceStubs = stubs;
      return this;
    }

    /** Encrypt payloads with these keys (instead of {@code bosun.temporal.codec.*}); null: per configuration. */
    public Builder codec(CodecKeys keys) {
      this.codec = keys;
      return this;
    }

    /** Register these instead of Bosun's own workflows and activities. */
    public Builder registrations(Registrations registrations) {
      this.registrations = registrations;
      return this;
    }

    /** Serve /health and /prometheus too, on {@code micronaut.server.port} (random when not set). */
    public Builder httpServer(boolean enabled) {
      this.httpServer = enabled;
      return this;
    }

    /** Starts the context and the worker; on failure nothing is left running. */
    public EmbeddedWorker start() {
      Map<String, Object> props = new LinkedHashMap<>(properties);
      if (httpServer) {
        // Also set here what application.yml sets, in case the embedding program's own
        // application.yml comes first on the classpath.
        props.putIfAbsent("micronaut.server.port", -1);
        props.putIfAbsent("endpoints.health.sensitive", false);
        props.putIfAbsent(
            "micronaut.server.host", "127.0.0.1"); // loopback unless the embedder says otherwise
        props.putIfAbsent(
            "endpoints.health.details-visible",
            "NEVER"); // no Temporal details to anonymous callers
        props.putIfAbsent("endpoints.prometheus.sensitive", false);
        props.putIfAbsent("micronaut.metrics.export.prometheus.enabled", true);
      }
      ApplicationContext context = ApplicationContext.builder()
          .banner(false)
          .properties(props)
          .singletons(new Embedding(serviceStubs, registrations, codec))
          .build();
      try {
        context.start();
        EmbeddedServer server = null;
        if (httpServer) {
          server = context.getBean(EmbeddedServer.class);
          server.start();
        }
        return new EmbeddedWorker(context, server);
      } catch (RuntimeException e) {
        if (context.isRunning()) {
          context.close();
        }
        throw e;
      }
    }
  }
}
