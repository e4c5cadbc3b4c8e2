package dev.bosun.worker;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/**
 * The SDK's test server on a real port, in real time (workers talk gRPC to it like to a real server).
 * With {@code -Dbosun.test.temporal-address=host:port} the tests use that server instead (e.g. {@code
 * temporal server start-dev}), which also checks what the test server does not model.
 */
final class TestTemporal implements AutoCloseable {

  static final String EXTERNAL = System.getProperty("bosun.test.temporal-address", "");

  private final String address;
  private final TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;

  TestTemporal() {
    if (EXTERNAL.isBlank()) {
      int port = freePort();
      this.address = "127.0.0.1:" + port;
      this.server = TestServer.createPortBoundServer(port);
    } else {
      this.address = EXTERNAL;
      this.server = null;
    }
  }

  /** A real Temporal server (sticky queues time out, ShutdownWorker reroutes tasks). */
  boolean isRealServer() {
    return server == null;
  }

  String address() {
    return address;
  }

  synchronized WorkflowServiceStubs stubs() {
    if (stubs == null) {
      stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    }
    return stubs;
  }

  WorkflowClient client() {
    return WorkflowClient.newInstance(
        stubs(), WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (stubs != null) {
      stubs.shutdownNow();
      stubs.awaitTermination(2, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }
}
