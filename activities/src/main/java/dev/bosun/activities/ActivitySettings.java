package dev.bosun.activities;

import java.time.Duration;

/**
 * Worker-wide settings of the activities (from the worker's application.yml / environment).
 *
 * @param defaultKnownHosts known_hosts used when an inventory names none
 * @param defaultPrivateKey private key used when an inventory names none
 * @param maxCommandsPerHost how many commands may run on one host at once
 * @param connectTimeout SSH connect timeout
 * @param commandTimeout default per-command timeout (a step may ask for longer)
 * @param keepAlive SSH keepalive interval
 */
public record ActivitySettings(
    String defaultKnownHosts,
    String defaultPrivateKey,
    int maxCommandsPerHost,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration keepAlive) {

  public static ActivitySettings defaults() {
    return new ActivitySettings(null, null, 4, Duration.ofSeconds(15), Duration.ofMinutes(15), Duration.ofSeconds(15));
  }
}
