package dev.bosun.cli.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.worker.temporal.TemporalSettings;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class EmbeddedTemporalTest {

  @Test
  void testWorkflowRoundTripOnTheEmbeddedServerWithBosunSearchAttributes() {
    TemporalSettings noAddress = new TemporalOptions().settings(Map.of());
    try (TemporalSession session = TemporalSession.open(noAddress, Map.of(), true)) {
      assertThat(session.isEmbedded()).isTrue();
      assertThat(session.settings().address()).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(session.settings().taskQueue()).isEqualTo("bosun");

      String[] r = EchoWorkflow.roundTrip(session.client(), session.settings().taskQueue(), "ahoy");

      assertThat(r[0]).isEqualTo("AHOY!");
      assertThat(r[1]).isEqualTo("Echoing");
    }
  }

  @Test
  void testCommandsThatNeedASharedServerRefuseToRunEmbedded() {
    TemporalSettings noAddress = new TemporalOptions().settings(Map.of());

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TemporalSession.open(noAddress, Map.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("give --address or TEMPORAL_ADDRESS");
  }
}
