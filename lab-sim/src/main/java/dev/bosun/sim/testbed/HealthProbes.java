package dev.bosun.sim.testbed;

import dev.bosun.sim.api.LabPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** How the control plane's health endpoints are asked: etcd over plain HTTP, the API server with the admin's cert. */
final class HealthProbes {

  private HealthProbes() {}

  /** The API server, as the admin (mutual TLS against the control plane's CA). */
  static HttpClient admin(LabPki pki) throws GeneralSecurityException, IOException {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(clientContext(pki))
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  static boolean ok(HttpClient http, String url) {
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(2))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // HTTP/1.1 throughout: the JDK client's HTTP/2 upgrade to the components' Go servers ends in
  // GOAWAY.
  static HttpClient plain() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /**
   * For the loopback health endpoints of the controller manager and scheduler, which serve self-signed certs for
   * their own names. An extended trust manager, so that the JDK adds no hostname check of its own.
   */
  static HttpClient insecure() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          null,
          new TrustManager[] {
            new X509ExtendedTrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkClientTrusted(
                  X509Certificate[] chain, String authType, java.net.Socket socket) {}

              @Override
              public void checkServerTrusted(
                  X509Certificate[] chain, String authType, java.net.Socket socket) {}

              @Override
              public void checkClientTrusted(
                  X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

              @Override
              public void checkServerTrusted(
                  X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          null);
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .sslContext(ctx)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static SSLContext clientContext(LabPki pki) throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "admin", pki.adminKey.getPrivate(), new char[0], new X509Certificate[] {pki.admin, pki.ca});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", pki.ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
