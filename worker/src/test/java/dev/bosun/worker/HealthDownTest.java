package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.worker.Greetings.GreetingActivitiesImpl;
import dev.bosun.worker.temporal.TemporalUnreachableException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthDownTest {

  @Test
  void testHealthTurnsDownWithTheReasonWhenTemporalGoesAway() throws Exception {
    TestTemporal temporal = new TestTemporal();
    try (EmbeddedWorker worker = EmbeddedWorker.builder()
        .property("bosun.temporal.address", temporal.address())
        .property("bosun.temporal.task-queue", "health-down")
        .property("bosun.worker.shutdown-grace", "1s")
        .registrations(Greetings.registrations(new GreetingActivitiesImpl()))
        .property("endpoints.health.details-visible", "ANONYMOUS") // details asked for and allowed
        .httpServer(true)
        .start()) {
      temporal.close();

      HttpResponse<String> health = HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(worker.httpUrl().orElseThrow().toURI().resolve("/health"))
                  .timeout(Duration.ofSeconds(15))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body())
          .contains("\"status\":\"DOWN\"")
          .contains("cannot reach Temporal: UNAVAILABLE");
    }
  }

  @Test
  void testStartingAgainstNoServerFailsNamingTheAddressAndLeavesNothingRunning() {
    String nowhere = "127.0.0.1:" + TestTemporal.freePort();

    assertThatThrownBy(() -> EmbeddedWorker.builder()
            .property("bosun.temporal.address", nowhere)
            .property("bosun.temporal.connect-timeout", "2s")
            .start())
        .hasRootCauseInstanceOf(java.net.ConnectException.class)
        .satisfies(e -> {
          Throwable t = e;
          while (!(t instanceof TemporalUnreachableException)) {
            t = t.getCause();
          }
          assertThat(t).hasMessageStartingWith("cannot reach Temporal at " + nowhere);
        });
  }
}
