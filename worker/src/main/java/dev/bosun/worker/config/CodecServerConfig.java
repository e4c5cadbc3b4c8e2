package dev.bosun.worker.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code bosun.codec-server.*}: the Temporal codec server ({@code POST /codec/encode}, {@code /codec/decode}) on the
 * worker's HTTP server, for the Temporal UI and {@code temporal workflow show --codec-endpoint}. Off by default.
 *
 * @param enabled serve it (needs payload keys, {@code bosun.temporal.codec.*}, and a token)
 * @param allowedOrigins browser origins allowed to call it (the Temporal UI's, e.g. {@code http://127.0.0.1:8233});
 *     any other origin is refused
 * @param tokenFile file holding the bearer token callers must send
 * @param tokenEnv name of the environment variable holding the bearer token (instead of a file)
 */
@ConfigurationProperties("bosun.codec-server")
public record CodecServerConfig(
    @Bindable(defaultValue = "false") boolean enabled,
    @Nullable List<String> allowedOrigins,
    @Nullable String tokenFile,
    @Nullable String tokenEnv) {

  static final String PREFIX = "bosun.codec-server.";
  /** Shorter tokens are refused: the token is the only thing between a local process and every decrypted payload. */
  public static final int MIN_TOKEN_CHARS = 24;

  public CodecServerConfig {
    tokenFile = Settings.blankToNull(tokenFile);
    tokenEnv = Settings.blankToNull(tokenEnv);
    allowedOrigins = allowedOrigins == null
        ? List.of()
        : allowedOrigins.stream()
            .flatMap(o -> java.util.Arrays.stream(o.split(",")))
            .map(String::strip)
            .filter(o -> !o.isEmpty())
            .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
            .toList();
    for (String origin : allowedOrigins) {
      URI uri;
      try {
        uri = URI.create(origin);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            PREFIX + "allowed-origins: not an origin (scheme://host[:port])");
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || (uri.getPath() != null && !uri.getPath().isEmpty())
          || "*".equals(origin)) {
        throw new IllegalArgumentException(
            PREFIX + "allowed-origins: each entry is one origin, scheme://host[:port]"
                + " (e.g. http://127.0.0.1:8233); no wildcard, no path");
      }
    }
  }

  /** The bearer token; only called when enabled. Errors name the setting, never the token. */
  public String token(Map<String, String> env) {
    if (tokenFile != null && tokenEnv != null) {
      throw new IllegalArgumentException(
          PREFIX + "token-file and " + PREFIX + "token-env are both set: give the token one way");
    }
    String token;
    String setting;
    if (tokenFile != null) {
      setting = PREFIX + "token-file";
      try {
        token = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).strip();
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(setting + ": cannot read the token file " + tokenFile
            + " (" + e.getClass().getSimpleName() + ")");
      }
    } else if (tokenEnv != null) {
      setting = PREFIX + "token-env";
      token = env.get(tokenEnv);
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException(
            setting + ": environment variable " + tokenEnv + " (the token) is not set");
      }
      token = token.strip();
    } else {
      throw new IllegalArgumentException(
          PREFIX + "token-file or " + PREFIX + "token-env is required when " + PREFIX
              + "enabled is true: the codec server decrypts for whoever calls it");
    }
    if (token.length() < MIN_TOKEN_CHARS || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          setting + ": the token must be at least " + MIN_TOKEN_CHARS
              + " printable characters without spaces (make one with: head -c 24 /dev/urandom | base64)");
    }
    return token;
  }
}
