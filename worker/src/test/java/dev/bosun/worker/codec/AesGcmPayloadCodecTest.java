package dev.bosun.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class AesGcmPayloadCodecTest {

  public static String key(int seed) {
    byte[] b = new byte[32];
    new Random(seed).nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  static CodecKeys keys(String id, String envName, Map<String, String> env, List<KeyRef> old) {
    return CodecKeys.load(KeyRef.env(id, envName, "test"), old, env);
  }

  private static final Map<String, String> ENV = Map.of("K1", key(1), "K2", key(2), "K3", key(3));
  private static final Payload JSON = DefaultDataConverter.STANDARD_INSTANCE
      .toPayload(Map.of("cluster", "lab1", "node", "cp-1"))
      .orElseThrow();

  @Test
  void testRoundTripRestoresTheWholePayload() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys("k1", "K1", ENV, List.of()));

    Payload encrypted = codec.encode(List.of(JSON)).get(0);

    assertThat(encrypted.getMetadataMap()).containsOnlyKeys("encoding", "encryption-key-id");
    assertThat(encrypted.getMetadataOrThrow("encoding").toStringUtf8())
        .isEqualTo("binary/encrypted");
    assertThat(encrypted.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    assertThat(encrypted.getData().toStringUtf8())
        .doesNotContain("lab1")
        .doesNotContain("json/plain");
    assertThat(codec.decode(List.of(encrypted))).containsExactly(JSON);
  }

  @Test
  void testEveryPayloadGetsItsOwnNonce() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys("k1", "K1", ENV, List.of()));

    List<Payload> twice = codec.encode(List.of(JSON, JSON));

    assertThat(twice.get(0).getData()).isNotEqualTo(twice.get(1).getData());
    assertThat(twice.get(0).getData().substring(0, 12))
        .isNotEqualTo(twice.get(1).getData().substring(0, 12));
  }

  @Test
  void testRotationOldKeyDecodesNewPayloadsUseTheNewId() {
    AesGcmPayloadCodec before = new AesGcmPayloadCodec(keys("k1", "K1", ENV, List.of()));
    Payload written = before.encode(List.of(JSON)).get(0);
    AesGcmPayloadCodec after =
        new AesGcmPayloadCodec(keys("k2", "K2", ENV, List.of(KeyRef.env("k1", "K1", "old"))));

    assertThat(after.decode(List.of(written))).containsExactly(JSON);
    Payload fresh = after.encode(List.of(JSON)).get(0);
    assertThat(fresh.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k2");
    assertThat(after.decode(List.of(fresh))).containsExactly(JSON);
  }

  @Test
  void testPayloadOfARetiredKeyNamesTheMissingId() {
    Payload written = new AesGcmPayloadCodec(keys("k1", "K1", ENV, List.of()))
        .encode(List.of(JSON))
        .get(0);
    AesGcmPayloadCodec after = new AesGcmPayloadCodec(keys("k2", "K2", ENV, List.of()));

    assertThatThrownBy(() -> after.decode(List.of(written)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key id k1")
        .hasMessageContaining("[k2]");
  }

  @Test
  void testTamperedCiphertextFailsAuthentication() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys("k1", "K1", ENV, List.of()));
    Payload encrypted = codec.encode(List.of(JSON)).get(0);
    byte[] data = encrypted.getData().toByteArray();
    data[20] ^= 1;
    Payload tampered = encrypted.toBuilder().setData(ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> codec.decode(List.of(tampered)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("failed authentication")
        .hasMessageContaining("key k1");
  }

  @Test
  void testRelabelledKeyIdFailsAuthentication() {
    // same key bytes under two ids: the id is authenticated too, so a payload cannot be moved to
    // another id
    Map<String, String> env = Map.of("A", key(7), "B", key(7));
    AesGcmPayloadCodec codec =
        new AesGcmPayloadCodec(keys("a", "A", env, List.of(KeyRef.env("b", "B", "old"))));
    Payload encrypted = codec.encode(List.of(JSON)).get(0);
    Payload relabelled = encrypted.toBuilder()
        .putMetadata("encryption-key-id", ByteString.copyFromUtf8("b"))
        .build();

    assertThatThrownBy(() -> codec.decode(List.of(relabelled)))
        .hasMessageContaining("failed authentication");
  }

  @Test
  void testAnotherKeyUnderTheSameIdFailsAuthentication() {
    Payload written = new AesGcmPayloadCodec(keys("k1", "K1", ENV, List.of()))
        .encode(List.of(JSON))
        .get(0);
    AesGcmPayloadCodec wrong = new AesGcmPayloadCodec(keys("k1", "K3", ENV, List.of()));

    assertThatThrownBy(() -> wrong.decode(List.of(written)))
        .hasMessageContaining("failed authentication");
  }

  @Test
  void testUnencryptedPayloadPassesThrough() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys("k1", "K1", ENV, List.of()));
    Payload nullPayload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(null).orElseThrow();

    assertThat(codec.decode(List.of(JSON, nullPayload))).containsExactly(JSON, nullPayload);
  }

  @Test
  void testDataConverterRoundTripsValues() {
    DataConverter converter = AesGcmPayloadCodec.dataConverter(keys("k1", "K1", ENV, List.of()));

    Payload p = converter.toPayload("upgrade lab1 to v1.31.2").orElseThrow();

    assertThat(AesGcmPayloadCodec.isEncrypted(p)).isTrue();
    assertThat(converter.fromPayload(p, String.class, String.class))
        .isEqualTo("upgrade lab1 to v1.31.2");
  }
}
