package dev.bosun.worker.config;

import dev.bosun.worker.temporal.TemporalSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Map;

/**
 * {@code bosun.temporal.*}: where the worker's Temporal is. application.yml falls back to the Temporal
 * CLI's variables ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_TLS_*}) and to
 * {@code BOSUN_TASK_QUEUE}; {@code BOSUN_TEMPORAL_*} beat them.
 *
 * @param apiKeyEnv name of the environment variable holding the API key; when unset, {@code
 *     TEMPORAL_API_KEY} is used if that variable is set. The key itself never enters configuration.
 * @param connectTimeout how long the first GetSystemInfo may take before the worker gives up
 */
@ConfigurationProperties("bosun.temporal")
public record TemporalConfig(
    @Bindable(defaultValue = "127.0.0.1:7233") String address,

    @Bindable(defaultValue = TemporalSettings.DEFAULT_NAMESPACE)
    String namespace,

    @Bindable(defaultValue = "bosun") String taskQueue,
    @Nullable String tlsCert,
    @Nullable String tlsKey,
    @Nullable String tlsCa,
    @Nullable String apiKeyEnv,
    @Bindable(defaultValue = "10s") Duration connectTimeout) {

  public TemporalConfig {
    Settings.requireText("bosun.temporal.address", address);
    Settings.requireText("bosun.temporal.namespace", namespace);
    Settings.requireText("bosun.temporal.task-queue", taskQueue);
    Settings.requirePositive("bosun.temporal.connect-timeout", connectTimeout);
    tlsCert = Settings.blankToNull(tlsCert);
    tlsKey = Settings.blankToNull(tlsKey);
    tlsCa = Settings.blankToNull(tlsCa);
    apiKeyEnv = Settings.blankToNull(apiKeyEnv);
    if (tlsCert != null && tlsKey == null) {
      throw new IllegalArgumentException(
          "bosun.temporal.tls-key (TEMPORAL_TLS_KEY) is required when bosun.temporal.tls-cert is set");
    }
    if (tlsKey != null && tlsCert == null) {
      throw new IllegalArgumentException(
          "bosun.temporal.tls-cert (TEMPORAL_TLS_CERT) is required when bosun.temporal.tls-key is set");
    }
  }

  /** The connection settings the CLI shares; {@code env} decides whether TEMPORAL_API_KEY applies. */
  public TemporalSettings toSettings(Map<String, String> env) {
    String keyEnv = apiKeyEnv;
    if (keyEnv == null) {
      String implicit = env.get(TemporalSettings.API_KEY_ENV);
      keyEnv = implicit == null || implicit.isBlank() ? null : TemporalSettings.API_KEY_ENV;
    }
    return new TemporalSettings(address, namespace, taskQueue, tlsCert, tlsKey, tlsCa, keyEnv);
  }
}
