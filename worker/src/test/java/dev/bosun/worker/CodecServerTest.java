package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bosun.worker.codec.AesGcmPayloadCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The codec server on the worker's HTTP server: token, CORS for the UI's origin only, the Temporal JSON format. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodecServerTest {

  static final String UI = "http://127.0.0.1:8233";
  static final String TOKEN = "test-token-0123456789abcdefghij";

  @TempDir
  static Path dir;

  private TestTemporal temporal;
  private EmbeddedWorker worker;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void start() throws Exception {
    Path key = Files.writeString(
        dir.resolve("k1.key"), dev.bosun.worker.codec.AesGcmPayloadCodecTest.key(21));
    Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    temporal = new TestTemporal();
    worker = Greetings.httpWorker(temporal, "codec-server", new Greetings.GreetingActivitiesImpl())
        .property("bosun.temporal.codec.key-id", "k1")
        .property("bosun.temporal.codec.key-file", key.toString())
        .property("bosun.codec-server.enabled", true)
        .property("bosun.codec-server.allowed-origins", UI)
        .property("bosun.codec-server.token-file", token.toString())
        .start();
    base = worker.httpUrl().orElseThrow().toURI().resolve("/codec/");
  }

  @AfterAll
  void stop() throws Exception {
    worker.close();
    temporal.close();
  }

  private HttpResponse<String> post(String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> preflight(String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("decode"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,x-namespace,authorization")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {"payloads":[...]} in proto3 JSON, as the UI sends it. */
  private static String body(Payload... payloads) throws Exception {
    return com.google.protobuf.util.JsonFormat.printer()
        .print(io.temporal.api.common.v1.Payloads.newBuilder()
            .addAllPayloads(java.util.List.of(payloads))
            .build());
  }

  private AesGcmPayloadCodec codec() {
    return new AesGcmPayloadCodec(
        worker.context().getBean(TemporalService.class).settings().codec());
  }

  @Test
  void testDecodeWithoutTokenIs401() throws Exception {
    HttpResponse<String> r =
        post("decode", "{\"payloads\":[]}", Map.of("Content-Type", "application/json"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(r.body()).doesNotContain("payloads");
  }

  @Test
  void testWrongTokenIs401() throws Exception {
    HttpResponse<String> r = post(
        "decode",
        "{\"payloads\":[]}",
        Map.of(
            "Content-Type",
            "application/json",
            "Authorization",
            "Bearer " + TOKEN.substring(1) + "x"));

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void testDecodeReturnsTheOriginalJsonPayload() throws Exception {
    Payload original = DefaultDataConverter.STANDARD_INSTANCE
        .toPayload(Map.of("cluster", "lab1"))
        .orElseThrow();
    Payload encrypted = codec().encode(java.util.List.of(original)).get(0);

    HttpResponse<String> r = post(
        "decode",
        body(encrypted),
        Map.of(
            "Content-Type",
            "application/json",
            "Authorization",
            "Bearer " + TOKEN,
            "X-Namespace",
            "default",
            "Origin",
            UI));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode p = json.readTree(r.body()).get("payloads").get(0);
    assertThat(new String(
            Base64.getDecoder().decode(p.get("metadata").get("encoding").asText())))
        .isEqualTo("json/plain");
    assertThat(new String(Base64.getDecoder().decode(p.get("data").asText())))
        .isEqualTo("{\"cluster\":\"lab1\"}");
  }

  @Test
  void testEncodeThenDecodeRoundTrips() throws Exception {
    Payload original =
        DefaultDataConverter.STANDARD_INSTANCE.toPayload("v1.31.2").orElseThrow();
    Map<String, String> h =
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN);

    HttpResponse<String> enc = post("encode", body(original), h);
    assertThat(enc.statusCode()).isEqualTo(200);
    JsonNode m = json.readTree(enc.body()).get("payloads").get(0).get("metadata");
    assertThat(new String(Base64.getDecoder().decode(m.get("encoding").asText())))
        .isEqualTo("binary/encrypted");
    assertThat(new String(Base64.getDecoder().decode(m.get("encryption-key-id").asText())))
        .isEqualTo("k1");
    HttpResponse<String> dec = post("decode", enc.body(), h);

    assertThat(json.readTree(dec.body())).isEqualTo(json.readTree(body(original)));
  }

  @Test
  void testTamperedPayloadIs400WithAClearError() throws Exception {
    Payload encrypted = codec()
        .encode(java.util.List.of(
            DefaultDataConverter.STANDARD_INSTANCE.toPayload("x").orElseThrow()))
        .get(0);
    byte[] data = encrypted.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload tampered = encrypted.toBuilder()
        .setData(com.google.protobuf.ByteString.copyFrom(data))
        .build();

    HttpResponse<String> r = post(
        "decode",
        body(tampered),
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("failed authentication");
  }

  @Test
  void testMalformedBodyIs400() throws Exception {
    HttpResponse<String> r = post(
        "decode",
        "not json",
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN));

    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void testPreflightFromTheUiOriginIsAllowed() throws Exception {
    HttpResponse<String> r = preflight(UI);

    assertThat(r.statusCode()).isIn(200, 204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
        .contains("POST");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("authorization")
        .contains("content-type")
        .contains("x-namespace");
  }

  @Test
  void testPreflightFromAnotherOriginIsRefused() throws Exception {
    HttpResponse<String> r = preflight("http://evil.example");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void testRequestFromAnotherOriginIsRefusedEvenWithTheToken() throws Exception {
    HttpResponse<String> r = post(
        "decode",
        "{\"payloads\":[]}",
        Map.of(
            "Content-Type",
            "application/json",
            "Authorization",
            "Bearer " + TOKEN,
            "Origin",
            "http://127.0.0.1:9999"));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void testCodecServerWithoutATokenDoesNotStart() throws Exception {
    Path key = Files.writeString(
        dir.resolve("k9.key"), dev.bosun.worker.codec.AesGcmPayloadCodecTest.key(9));
    assertThatThrownBy(() -> Greetings.httpWorker(
                temporal, "codec-server-notoken", new Greetings.GreetingActivitiesImpl())
            .property("bosun.temporal.codec.key-id", "k9")
            .property("bosun.temporal.codec.key-file", key.toString())
            .property("bosun.codec-server.enabled", true)
            .start())
        .hasStackTraceContaining(
            "bosun.codec-server.token-file or bosun.codec-server.token-env is required");
  }

  @Test
  void testCodecServerWithoutPayloadKeysDoesNotStart() throws Exception {
    Path token = Files.writeString(dir.resolve("token2"), TOKEN);
    assertThatThrownBy(() -> Greetings.httpWorker(
                temporal, "codec-server-nokeys", new Greetings.GreetingActivitiesImpl())
            .property("bosun.codec-server.enabled", true)
            .property("bosun.codec-server.token-file", token.toString())
            .start())
        .hasStackTraceContaining("payload encryption is off");
  }

  @Test
  void testUnsetKeyVariableStopsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> Greetings.httpWorker(
                temporal, "codec-server-notoken", new Greetings.GreetingActivitiesImpl())
            .property("bosun.temporal.codec.key-id", "k1")
            .property("bosun.temporal.codec.key-env", "BOSUN_TEST_UNSET_CODEC_KEY")
            .property("bosun.codec-server.enabled", true)
            .start())
        .hasStackTraceContaining("bosun.temporal.codec.key-env");
  }
}
