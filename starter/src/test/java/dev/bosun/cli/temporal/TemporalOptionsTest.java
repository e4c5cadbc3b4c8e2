package dev.bosun.cli.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.worker.temporal.TemporalSettings;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class TemporalOptionsTest {

  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Mixin
    TemporalOptions temporal;

    @Override
    public void run() {}
  }

  private static TemporalOptions parse(String... args) {
    Probe p = new Probe();
    new CommandLine(p).parseArgs(args);
    return p.temporal;
  }

  @Test
  void testDefaultsWithoutFlagsOrEnvironmentMeanEmbedded() {
    TemporalSettings s = parse().settings(Map.of());

    assertThat(s).isEqualTo(new TemporalSettings(null, "default", "bosun", null, null, null, null));
    assertThat(s.embedded()).isTrue();
  }

  @Test
  void testEnvironmentFillsWhatFlagsLeaveOut() {
    Map<String, String> env = Map.of(
        "TEMPORAL_ADDRESS", "temporal.lan:7233",
        "TEMPORAL_NAMESPACE", "lab",
        "BOSUN_TASK_QUEUE", "bosun-lab",
        "TEMPORAL_TLS_CERT", "/c.pem",
        "TEMPORAL_TLS_KEY", "/k.pem",
        "TEMPORAL_TLS_CA", "/ca.pem",
        "TEMPORAL_API_KEY", "sekrit");

    TemporalSettings s = parse("--namespace", "prod").settings(env);

    assertThat(s)
        .isEqualTo(new TemporalSettings(
            "temporal.lan:7233",
            "prod",
            "bosun-lab",
            "/c.pem",
            "/k.pem",
            "/ca.pem",
            "TEMPORAL_API_KEY"));
    assertThat(s.toString()).doesNotContain("sekrit");
  }

  @Test
  void testFlagsWin() {
    TemporalSettings s = parse(
            "--address", "127.0.0.1:7299", "--task-queue", "q", "--tls-ca-path", "/x")
        .settings(Map.of("TEMPORAL_ADDRESS", "other:1", "TEMPORAL_API_KEY", " "));

    assertThat(s.address()).isEqualTo("127.0.0.1:7299");
    assertThat(s.taskQueue()).isEqualTo("q");
    assertThat(s.tlsCaPath()).isEqualTo("/x");
    assertThat(s.apiKeyEnv()).as("a blank API key is no API key").isNull();
  }
}
