package dev.bosun.worker.codec;

import dev.bosun.worker.config.CodecServerConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;

/**
 * Who may use the codec server: browsers only from {@code bosun.codec-server.allowed-origins} (CORS; a preflight from
 * an allowed origin is answered without a token, anything from another origin is refused), and every call with
 * {@code Authorization: Bearer <token>} (compared in constant time; 401 otherwise).
 */
@ServerFilter(CodecServerPolicy.PATH + "/**")
@Context // created at start: a missing token stops the worker there, not at the first request
@Requires(property = "bosun.codec-server.enabled", value = "true")
public final class CodecServerPolicy {

  public static final String PATH = "/codec";
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Namespace";
  static final String ALLOWED_METHODS = "POST, OPTIONS";

  private final Set<String> origins;
  private final byte[] tokenDigest;

  public CodecServerPolicy(CodecServerConfig config) {
    this(config, System.getenv());
  }

  CodecServerPolicy(CodecServerConfig config, Map<String, String> env) {
    this.origins = Set.copyOf(config.allowedOrigins());
    this.tokenDigest = sha256(config.token(env));
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (origin != null && !origins.contains(origin)) {
      return HttpResponse.status(HttpStatus.FORBIDDEN).body(Map.of("error", "origin not allowed"));
    }
    if (request.getMethod() == HttpMethod.OPTIONS) {
      // a preflight carries no credentials; it only learns what the real request may send
      return origin == null
          ? HttpResponse.status(HttpStatus.FORBIDDEN).body(Map.of("error", "not a CORS preflight"))
          : HttpResponse.noContent()
              .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
              .header(HttpHeaders.VARY, HttpHeaders.ORIGIN)
              .header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
              .header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
              .header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
    }
    if (!authorized(request.getHeaders().get(HttpHeaders.AUTHORIZATION))) {
      MutableHttpResponse<?> denied = HttpResponse.unauthorized();
      if (origin != null) {
        // lets the UI read the 401 and report it, instead of a bare CORS failure
        denied
            .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
            .header(HttpHeaders.VARY, HttpHeaders.ORIGIN);
      }
      return denied
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"bosun-codec\"")
          .body(Map.of("error", "a bearer token is required (Authorization: Bearer <token>)"));
    }
    return null;
  }

  @ResponseFilter
  public void cors(HttpRequest<?> request, MutableHttpResponse<?> response) {
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (origin != null && origins.contains(origin)) {
      response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      response.header(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    }
    response.header("Cache-Control", "no-store");
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // digests have one length, so the comparison's time says nothing about the token's length or
    // prefix
    return MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).strip()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
