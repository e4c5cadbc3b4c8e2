package dev.bosun.worker;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** BOSUN_LOG_FORMAT (system property, then environment, as logback reads it): text or json. */
final class LogFormat {

  static final String VARIABLE = "BOSUN_LOG_FORMAT";
  private static final Set<String> KNOWN = Set.of("text", "json");

  private LogFormat() {}

  /** The chosen format, or null when the value is not one logback.xml knows. */
  static String resolve(Map<String, String> env, Properties system) {
    String value = system.getProperty(VARIABLE, env.getOrDefault(VARIABLE, "text"));
    return KNOWN.contains(value) ? value : null;
  }
}
