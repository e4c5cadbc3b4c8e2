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

/** The SDK's test server on a real port, in real time (workers talk gRPC to it like to a real server). */
final class TestTemporal implements AutoCloseable {

  final int port;
  private final TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;

  TestTemporal() {
    this.port = freePort();
    this.server = TestServer.createPortBoundServer(port);
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  synchronized WorkflowServiceStubs stubs() {
    if (stubs == null) {
      stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    }
    return stubs;
  }

  WorkflowClient client() {
    return WorkflowClient.newInstance(stubs(), WorkflowClientOptions.newBuilder().setNamespace("default").build());
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
    server.close();
  }
}
