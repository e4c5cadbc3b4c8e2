package dev.bosun.cli.operation;

/** {@code --output text|json}. */
public enum OutputFormat {
  TEXT,
  JSON
}
