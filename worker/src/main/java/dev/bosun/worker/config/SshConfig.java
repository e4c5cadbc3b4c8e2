package dev.bosun.worker.config;

import dev.bosun.activities.ActivitySettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code bosun.ssh.*}: SSH defaults for inventories that name none. Paths only; key material never
 * enters configuration or workflow payloads.
 */
@ConfigurationProperties("bosun.ssh")
public record SshConfig(
    @Nullable String knownHosts,
    @Nullable String privateKey,
    @Bindable(defaultValue = "15s") Duration connectTimeout,
    @Bindable(defaultValue = "15m") Duration commandTimeout,
    @Bindable(defaultValue = "15s") Duration keepAlive,
    @Bindable(defaultValue = "2m") Duration idleClose) {

  public SshConfig {
    knownHosts = Settings.blankToNull(knownHosts);
    privateKey = Settings.blankToNull(privateKey);
    Settings.requirePositive("bosun.ssh.connect-timeout", connectTimeout);
    Settings.requirePositive("bosun.ssh.command-timeout", commandTimeout);
    Settings.requirePositive("bosun.ssh.keep-alive", keepAlive);
    Settings.requirePositive("bosun.ssh.idle-close", idleClose);
  }

  /** The activities' worker-wide settings: these SSH defaults plus the host limits. */
  public ActivitySettings toActivitySettings(LimitsConfig limits) {
    return new ActivitySettings(
        knownHosts,
        privateKey,
        limits.maxCommandsPerHost(),
        connectTimeout,
        commandTimeout,
        keepAlive,
        idleClose);
  }
}
