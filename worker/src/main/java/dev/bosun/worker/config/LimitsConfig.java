package dev.bosun.worker.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/** {@code bosun.limits.*}: protects hosts from being flooded by parallel activities. */
@ConfigurationProperties("bosun.limits")
public record LimitsConfig(@Bindable(defaultValue = "4") int maxCommandsPerHost) {

  public LimitsConfig {
    Settings.requirePositive("bosun.limits.max-commands-per-host", maxCommandsPerHost);
  }
}
