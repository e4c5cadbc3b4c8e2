package dev.bosun.worker.config;

import java.time.Duration;

/** Checks shared by the configuration records; every message names the property and the rule. */
final class Settings {

  private Settings() {}

  static void requireText(String property, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(property + " must not be empty");
    }
  }

  static void requirePositive(String property, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(property + " must be at least 1, was " + value);
    }
  }

  static void requirePositive(String property, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          property + " must be a positive duration (e.g. 30s), was " + value);
    }
  }

  static void requireNotNegative(String property, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(
          property + " must be zero or a positive duration (e.g. 30s), was " + value);
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
