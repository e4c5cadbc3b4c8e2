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
 * @param idleClose an SSH connection with no command for this long is closed (reopened on next use)
 */
public record ActivitySettings(
    String defaultKnownHosts,
    String defaultPrivateKey,
    int maxCommandsPerHost,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration keepAlive,
    Duration idleClose) {

  public static final Duration DEFAULT_IDLE_CLOSE = Duration.ofMinutes(2);

  /** With the default {@link #DEFAULT_IDLE_CLOSE}. */
  public ActivitySettings(
      String defaultKnownHosts,
      String defaultPrivateKey,
      int maxCommandsPerHost,
      Duration connectTimeout,
      Duration commandTimeout,
      Duration keepAlive) {
    this(
        defaultKnownHosts,
        defaultPrivateKey,
        maxCommandsPerHost,
        connectTimeout,
        commandTimeout,
        keepAlive,
        DEFAULT_IDLE_CLOSE);
  }

  public static ActivitySettings defaults() {
    return new ActivitySettings(
        null,
        null,
        4,
        Duration.ofSeconds(15),
        Duration.ofMinutes(15),
        Duration.ofSeconds(15),
        DEFAULT_IDLE_CLOSE);
  }
}
