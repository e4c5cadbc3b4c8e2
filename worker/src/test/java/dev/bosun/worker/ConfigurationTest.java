package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.activities.ActivitySettings;
import dev.bosun.worker.config.TemporalConfig;
import dev.bosun.worker.config.WorkerConfig;
import dev.bosun.worker.temporal.TemporalSettings;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

  private static ApplicationContext context(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.put("bosun.worker.enabled", false);
    return ApplicationContext.run(all);
  }

  @Test
  void testPropertiesOverrideEverySection() {
    try (ApplicationContext context = context(Map.of(
        "bosun.temporal.address", "temporal.lab:7233",
        "bosun.temporal.namespace", "lab",
        "bosun.temporal.task-queue", "bosun-lab",
        "bosun.temporal.api-key-env", "LAB_TEMPORAL_KEY",
        "bosun.worker.max-concurrent-activities", 7,
        "bosun.worker.shutdown-grace", "45s",
        "bosun.ssh.known-hosts", "/etc/bosun/known_hosts",
        "bosun.ssh.private-key", "/etc/bosun/id_ed25519",
        "bosun.ssh.command-timeout", "20m",
        "bosun.limits.max-commands-per-host", 2))) {
      TemporalSettings temporal = context.getBean(TemporalConfig.class).toSettings(Map.of());
      assertThat(temporal)
          .isEqualTo(new TemporalSettings(
              "temporal.lab:7233", "lab", "bosun-lab", null, null, null, "LAB_TEMPORAL_KEY"));
      WorkerConfig worker = context.getBean(WorkerConfig.class);
      assertThat(worker.maxConcurrentActivities()).isEqualTo(7);
      assertThat(worker.shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
      assertThat(worker.maxConcurrentWorkflowTasks()).isEqualTo(50);
      assertThat(context.getBean(ActivitySettings.class))
          .isEqualTo(new ActivitySettings(
              "/etc/bosun/known_hosts",
              "/etc/bosun/id_ed25519",
              2,
              Duration.ofSeconds(15),
              Duration.ofMinutes(20),
              Duration.ofSeconds(15)));
    }
  }

  @Test
  void testApiKeyVariableIsUsedOnlyWhenSetAndItsValueNeverEntersSettings() {
    try (ApplicationContext context = context(Map.of())) {
      TemporalConfig config = context.getBean(TemporalConfig.class);
      assertThat(config.toSettings(Map.of()).apiKeyEnv()).isNull();
      TemporalSettings withKey = config.toSettings(Map.of("TEMPORAL_API_KEY", "s3cr3t"));
      assertThat(withKey.apiKeyEnv()).isEqualTo("TEMPORAL_API_KEY");
      assertThat(withKey.toString()).doesNotContain("s3cr3t");
    }
  }

  @Test
  void testInvalidValuesNameThePropertyAndTheRule() {
    assertThatThrownBy(() -> context(Map.of("bosun.limits.max-commands-per-host", 0))
            .getBean(ActivitySettings.class))
        .rootCause()
        .hasMessage("bosun.limits.max-commands-per-host must be at least 1, was 0");
    assertThatThrownBy(
            () -> context(Map.of("bosun.worker.shutdown-grace", "-1s")).getBean(WorkerConfig.class))
        .rootCause()
        .hasMessageContaining("bosun.worker.shutdown-grace must be zero or a positive duration");
    assertThatThrownBy(() ->
            context(Map.of("bosun.temporal.tls-cert", "/c.pem")).getBean(TemporalConfig.class))
        .rootCause()
        .hasMessageContaining("bosun.temporal.tls-key (TEMPORAL_TLS_KEY) is required");
  }

  /** Issue 15, hole 6: a key without its certificate would leave the connection plaintext; refused, not ignored. */
  @Test
  void testATlsKeyWithoutACertificateIsRefused() {
    assertThatThrownBy(
            () -> context(Map.of("bosun.temporal.tls-key", "/k.pem")).getBean(TemporalConfig.class))
        .rootCause()
        .hasMessageContaining(
            "bosun.temporal.tls-cert (TEMPORAL_TLS_CERT) is required when bosun.temporal.tls-key is set");
    assertThatThrownBy(() ->
            new TemporalSettings("127.0.0.1:7233", "default", "bosun", null, "/k.pem", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS key")
        .hasMessageContaining("certificate");
  }

  /** Environment variables can only be set for a new JVM; the probe prints what it bound. */
  private static CompletableFuture<String> probe(Map<String, String> env) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        ProcessBuilder builder = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            ConfigProbe.class.getName());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static final String PROBE_KEY = dev.bosun.worker.codec.AesGcmPayloadCodecTest.key(3);

  @Test
  void testEnvironmentVariablesLikeTheTemporalCliAndBosunPrefixedOnesWin() throws Exception {
    CompletableFuture<String> temporalCli = probe(Map.of(
        "TEMPORAL_ADDRESS", "cli.lab:7233",
        "TEMPORAL_NAMESPACE", "cli-ns",
        "BOSUN_TASK_QUEUE", "cli-queue",
        "TEMPORAL_TLS_CERT", "/tls/client.pem",
        "TEMPORAL_TLS_KEY", "/tls/client.key",
        "TEMPORAL_TLS_CA", "/tls/ca.pem",
        "TEMPORAL_API_KEY", "s3cr3t"));
    // Nothing for the address (the default applies); both names for the namespace (Bosun's wins).
    CompletableFuture<String> bosunPrefixed = probe(Map.ofEntries(
        Map.entry("TEMPORAL_NAMESPACE", "cli-ns"),
        Map.entry("BOSUN_TEMPORAL_NAMESPACE", "bosun-ns"),
        Map.entry("BOSUN_WORKER_SHUTDOWN_GRACE", "5s"),
        Map.entry("BOSUN_WORKER_ACTIVITY_POLLERS", "3"),
        Map.entry("BOSUN_SSH_KNOWN_HOSTS", "/hosts/known"),
        Map.entry("BOSUN_LIMITS_MAX_COMMANDS_PER_HOST", "9"),
        Map.entry("BOSUN_TEMPORAL_CODEC_KEY_ID", "k2"),
        Map.entry("BOSUN_TEMPORAL_CODEC_KEY_ENV", "PROBE_PAYLOAD_KEY"),
        Map.entry("PROBE_PAYLOAD_KEY", PROBE_KEY),
        Map.entry("BOSUN_TEMPORAL_CODEC_OLD_KEYS", "k1=env:PROBE_PAYLOAD_KEY_OLD"),
        Map.entry("PROBE_PAYLOAD_KEY_OLD", dev.bosun.worker.codec.AesGcmPayloadCodecTest.key(4)),
        Map.entry(
            "BOSUN_CODEC_SERVER_ALLOWED_ORIGINS", "http://127.0.0.1:8233,http://ui.lab:8080")));

    assertThat(temporalCli.get())
        .contains(
            "temporal=TemporalSettings[address=cli.lab:7233, namespace=cli-ns, taskQueue=cli-queue, tlsCertPath=/tls/client.pem, tlsKeyPath=/tls/client.key, tlsCaPath=/tls/ca.pem, apiKeyEnv=TEMPORAL_API_KEY, codec=null]")
        .contains("codec=null")
        .doesNotContain("s3cr3t");
    assertThat(bosunPrefixed.get())
        .contains(
            "temporal=TemporalSettings[address=127.0.0.1:7233, namespace=bosun-ns, taskQueue=bosun, tlsCertPath=null, tlsKeyPath=null, tlsCaPath=null, apiKeyEnv=null, codec=null]")
        .contains("codec=CodecKeys[current=k2, ids=[k2, k1]]")
        .contains("allowedOrigins=[http://127.0.0.1:8233, http://ui.lab:8080]")
        .doesNotContain(PROBE_KEY)
        .contains("maxConcurrentActivities=50")
        .contains("shutdownGrace=PT5S")
        .contains("activityPollers=3")
        .contains("defaultKnownHosts=/hosts/known")
        .contains("maxCommandsPerHost=9");
  }
}
