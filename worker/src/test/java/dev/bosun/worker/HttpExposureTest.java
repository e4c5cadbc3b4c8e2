package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Issue 15, hole 5: by default the worker's HTTP endpoints listen on loopback only and /health tells nothing about Temporal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpExposureTest {

  private TestTemporal temporal;
  private EmbeddedWorker worker;

  @BeforeAll
  void start() {
    temporal = new TestTemporal();
    worker = Greetings.httpWorker(temporal, "exposure", new Greetings.GreetingActivitiesImpl())
        .start(); // defaults only
  }

  @AfterAll
  void stop() throws Exception {
    worker.close();
    temporal.close();
  }

  @Test
  void testEndpointsAreNotReachableFromAnotherInterface() throws Exception {
    Optional<InetAddress> external =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .filter(i -> isUp(i))
            .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
            .filter(
                a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .findFirst();
    assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
    int port = worker.httpUrl().orElseThrow().getPort();

    assertThatThrownBy(() -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(external.get(), port), 2000);
          }
        })
        .isInstanceOf(IOException.class);
  }

  @Test
  void testHealthShowsNoDetailsToAnAnonymousCaller() throws Exception {
    URI uri = worker.httpUrl().orElseThrow().toURI().resolve("/health");
    HttpResponse<String> health = HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"status\":\"UP\"")
        .doesNotContain(temporal.address(), "exposure", "namespace", "serverVersion", "taskQueue");
  }

  private static boolean isUp(NetworkInterface i) {
    try {
      return i.isUp();
    } catch (IOException e) {
      return false;
    }
  }
}
