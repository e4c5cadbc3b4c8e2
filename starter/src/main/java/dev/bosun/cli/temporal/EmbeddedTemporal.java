package dev.bosun.cli.temporal;

import dev.bosun.sim.net.LocalPorts;
import dev.bosun.worker.temporal.TemporalSettings;
import dev.bosun.workflows.BosunSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.util.Map;

/**
 * The embedded default: the Temporal SDK's test server in this JVM, in real time (not time skipping:
 * that would fast-forward a workflow waiting for an operator straight into a timeout), on a free port
 * of 127.0.0.1, with Bosun's search attributes registered. Everything else talks to it over gRPC like to
 * any server. It does not implement visibility queries or schedules; the dev server does.
 */
public final class EmbeddedTemporal implements AutoCloseable {

  private final TestServer.PortBoundTestServer server;
  private final String address;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, String address) {
    this.server = server;
    this.address = address;
  }

  public static EmbeddedTemporal start() {
    return start(TemporalSettings.DEFAULT_NAMESPACE);
  }

  /** Starts one, with Bosun's search attributes registered in {@code namespace}. */
  public static EmbeddedTemporal start(String namespace) {
    int port = LocalPorts.free();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
    EmbeddedTemporal embedded = new EmbeddedTemporal(server, "127.0.0.1:" + port);
    try {
      embedded.registerSearchAttributes(namespace);
      return embedded;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** host:port to give a client or a worker. */
  public String address() {
    return address;
  }

  /** {@code base} pointed at this server (payload keys kept). */
  public TemporalSettings settings(TemporalSettings base) {
    return new TemporalSettings(address, base.namespace(), base.taskQueue(), null, null, null, null)
        .withCodec(base.codec());
  }

  @Override
  public void close() {
    server.close();
  }

  private void registerSearchAttributes(String namespace) {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      // OperatorServiceStubs built from a target NPEs (no metrics scope); reuse the workflow
      // channel
      OperatorServiceStubs operator =
          OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
              .setChannel(service.getRawChannel())
              .validateAndBuildWithDefaults());
      AddSearchAttributesRequest.Builder request =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (Map.Entry<String, String> e : BosunSearchAttributes.ALL.entrySet()) {
        request.putSearchAttributes(e.getKey(), type(e.getValue()));
      }
      operator.blockingStub().addSearchAttributes(request.build());
      operator.shutdownNow();
    } finally {
      service.shutdownNow();
    }
  }

  private static IndexedValueType type(String name) {
    return switch (name) {
      case "Keyword" -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
      case "Int" -> IndexedValueType.INDEXED_VALUE_TYPE_INT;
      default -> throw new IllegalStateException("unknown search attribute type " + name);
    };
  }
}
