package dev.bosun.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.worker.config.CodecConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration errors name the setting and never quote key material. */
class CodecKeysTest {

  @TempDir
  Path dir;

  private static final String GOOD = AesGcmPayloadCodecTest.key(1);
  /** 16 bytes: a valid base64 key of the wrong size. */
  private static final String SHORT =
      Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());

  private Throwable fail(CodecConfig config, Map<String, String> env) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> config.load(env));
    assertThat(t).isInstanceOf(IllegalArgumentException.class);
    assertThat(t.getMessage())
        .doesNotContain(GOOD)
        .doesNotContain(SHORT)
        .doesNotContain("0123456789abcdef");
    return t;
  }

  @Test
  void testFileKeyLoads() throws Exception {
    Path f = Files.writeString(dir.resolve("k.key"), GOOD + "\n");

    CodecKeys keys = new CodecConfig("2026-12", f.toString(), null, List.of()).load(Map.of());

    assertThat(keys.currentId()).isEqualTo("2026-12");
    assertThat(keys.toString()).doesNotContain(GOOD);
  }

  @Test
  void testOffWhenNothingIsNamed() {
    assertThat(CodecConfig.off().load(Map.of())).isNull();
  }

  @Test
  void testWrongLengthNamesTheSettingAndTheSize() throws Exception {
    Path f = Files.writeString(dir.resolve("short.key"), SHORT);

    assertThat(fail(new CodecConfig("k1", f.toString(), null, null), Map.of()))
        .hasMessageContaining("bosun.temporal.codec.key-file")
        .hasMessageContaining("16 bytes")
        .hasMessageContaining("32");
  }

  @Test
  void testUnreadableFileNamesTheSetting() {
    assertThat(fail(
            new CodecConfig("k1", dir.resolve("missing.key").toString(), null, null), Map.of()))
        .hasMessageContaining("bosun.temporal.codec.key-file")
        .hasMessageContaining("missing.key");
  }

  @Test
  void testMissingEnvVarNamesTheSettingAndTheVariable() {
    assertThat(fail(new CodecConfig("k1", null, "BOSUN_CODEC_KEY", null), Map.of()))
        .hasMessageContaining("bosun.temporal.codec.key-env")
        .hasMessageContaining("BOSUN_CODEC_KEY");
  }

  @Test
  void testKeyValueGivenWhereANameBelongsIsNotEchoed() {
    assertThat(fail(new CodecConfig("k1", null, GOOD, null), Map.of()))
        .hasMessageContaining("bosun.temporal.codec.key-env")
        .hasMessageContaining("NAME");
  }

  @Test
  void testNotBase64IsRefusedWithoutQuoting() {
    assertThat(fail(new CodecConfig("k1", null, "K", null), Map.of("K", "0123456789abcdef!!!")))
        .hasMessageContaining("not base64");
  }

  @Test
  void testKeyIdIsRequired() {
    assertThat(fail(new CodecConfig(null, null, "K", null), Map.of("K", GOOD)))
        .hasMessageContaining("bosun.temporal.codec.key-id");
  }

  @Test
  void testOldKeyWithoutCurrentKeyIsRefused() {
    assertThat(fail(new CodecConfig(null, null, null, List.of("k1=env:K")), Map.of("K", GOOD)))
        .hasMessageContaining("bosun.temporal.codec.key-file or bosun.temporal.codec.key-env");
  }

  @Test
  void testOldKeysParseFromFileAndEnvAndCommaLists() throws Exception {
    Path f = Files.writeString(dir.resolve("k0.key"), AesGcmPayloadCodecTest.key(9));

    CodecKeys keys = new CodecConfig("k2", null, "K2", List.of("k1=env:K1, k0=file:" + f))
        .load(Map.of("K2", GOOD, "K1", AesGcmPayloadCodecTest.key(2)));

    assertThat(keys.ids()).containsExactly("k2", "k1", "k0");
  }

  @Test
  void testBadOldKeyEntryNamesTheSettingAndTheForm() {
    assertThat(fail(new CodecConfig("k2", null, "K2", List.of("k1:" + GOOD)), Map.of("K2", GOOD)))
        .hasMessageContaining("bosun.temporal.codec.old-keys")
        .hasMessageContaining("id=file:/path or id=env:VARIABLE");
  }

  @Test
  void testOldKeyErrorNamesTheSettingAndTheId() {
    assertThat(fail(
            new CodecConfig("k2", null, "K2", List.of("k1=env:K1")),
            Map.of("K2", GOOD, "K1", SHORT)))
        .hasMessageContaining("bosun.temporal.codec.old-keys (key k1)")
        .hasMessageContaining("16 bytes");
  }

  @Test
  void testDuplicateIdsAreRefused() {
    assertThat(fail(new CodecConfig("k1", null, "K", List.of("k1=env:K")), Map.of("K", GOOD)))
        .hasMessageContaining("k1 is given twice");
  }

  @Test
  void testFileAndEnvTogetherAreRefused() {
    assertThat(fail(new CodecConfig("k1", "/x", "K", null), Map.of("K", GOOD)))
        .hasMessageContaining("both set");
  }
}
