package dev.bosun.activities.kube;

import dev.bosun.activities.Failures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plain REST calls through the client's own (authenticated) HTTP client, for the calls whose status
 * code and body Bosun must read itself: evictions (429 bodies name the PDB) and /readyz.
 */
final class KubeHttp {

  record Response(int code, String body) {}

  private final KubernetesClient client;
  private final Duration timeout;

  KubeHttp(KubernetesClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  Response get(String path) {
    return send(builder(path), "GET " + path);
  }

  Response post(String path, String json) {
    return send(builder(path).post("application/json", json), "POST " + path);
  }

  Response delete(String path, String json) {
    return send(builder(path).delete("application/json", json), "DELETE " + path);
  }

  private HttpRequest.Builder builder(String path) {
    String base = client.getMasterUrl().toString().replaceAll("/+$", "");
    return client.getHttpClient().newHttpRequestBuilder().uri(base + path);
  }

  private Response send(HttpRequest.Builder request, String what) {
    HttpClient http = client.getHttpClient();
    try {
      HttpResponse<String> r = http.sendAsync(request.build(), String.class)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Response(r.code(), r.body() == null ? "" : r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.KUBE_API, what + ": interrupted");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw Failures.retryable(Failures.KUBE_API, what + " failed: " + cause);
    }
  }
}
