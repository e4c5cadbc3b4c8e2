package dev.bosun.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Plain HTTPS calls with the admin kubeconfig's client cert, to see exact status codes and bodies. */
final class RawApi {

  record Reply(int code, JsonNode body) {}

  private final HttpClient http;
  private final String server;
  private final ObjectMapper json = new ObjectMapper();

  RawApi(Path kubeconfig) throws Exception {
    JsonNode kc = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(kubeconfig));
    server = kc.at("/clusters/0/cluster/server").asText();
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate ca = (X509Certificate) cf.generateCertificate(
        new ByteArrayInputStream(decode(kc.at("/clusters/0/cluster/certificate-authority-data"))));
    X509Certificate cert = (X509Certificate) cf.generateCertificate(
        new ByteArrayInputStream(decode(kc.at("/users/0/user/client-certificate-data"))));
    Object pem = new PEMParser(
            new StringReader(new String(decode(kc.at("/users/0/user/client-key-data")))))
        .readObject();
    PrivateKey key = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) pem).getPrivate();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("admin", key, new char[0], new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(ctx).build();
  }

  private static byte[] decode(JsonNode n) {
    return Base64.getDecoder().decode(n.asText());
  }

  Reply get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(server + path)).GET().build());
  }

  Reply post(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(server + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  Reply patch(String path, String contentType, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(server + path))
        .header("Content-Type", contentType)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  private Reply send(HttpRequest r) throws Exception {
    HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
    String b = resp.body();
    return new Reply(
        resp.statusCode(),
        b.startsWith("{") ? json.readTree(b) : json.getNodeFactory().textNode(b));
  }

  static String eviction(String ns, String name) {
    return "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"" + ns + "\"}}";
  }
}
