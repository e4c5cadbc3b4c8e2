package dev.bosun.cli.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.worker.codec.AesGcmPayloadCodec;
import dev.bosun.worker.temporal.TemporalSettings;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's --codec-* flags and BOSUN_CODEC_* variables: the same keys as the worker's bosun.temporal.codec.*. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CodecOptionsTest {

  @TempDir
  Path dir;

  static String key(int seed) {
    byte[] b = new byte[32];
    new Random(seed).nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static TemporalOptions parse(String... args) {
    TemporalOptions options = new TemporalOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void testNoCodecFlagsMeansPlainPayloads() {
    assertThat(parse().settings(Map.of()).codec()).isNull();
  }

  @Test
  void testFlagsLoadTheKeyring() throws Exception {
    Path k2 = Files.writeString(dir.resolve("k2.key"), key(2));

    TemporalSettings s = parse(
            "--codec-key-id",
            "k2",
            "--codec-key-file",
            k2.toString(),
            "--codec-old-keys",
            "k1=env:OLD")
        .settings(Map.of("OLD", key(1)));

    assertThat(s.codec().currentId()).isEqualTo("k2");
    assertThat(s.codec().ids()).containsExactly("k2", "k1");
  }

  @Test
  void testEnvironmentVariablesMirrorTheFlags() {
    TemporalSettings s = parse()
        .settings(
            Map.of("BOSUN_CODEC_KEY_ID", "k1", "BOSUN_CODEC_KEY_ENV", "MY_KEY", "MY_KEY", key(1)));

    assertThat(s.codec().currentId()).isEqualTo("k1");
  }

  @Test
  void testErrorsNameTheFlagAndNeverTheKey() throws Exception {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    Path bad = Files.writeString(dir.resolve("bad.key"), shortKey);

    assertThatThrownBy(() ->
            parse("--codec-key-id", "k1", "--codec-key-file", bad.toString()).settings(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--codec-key-file (BOSUN_CODEC_KEY_FILE)")
        .hasMessageContaining("16 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(
            () -> parse("--codec-key-id", "k1", "--codec-key-env", "NOPE").settings(Map.of()))
        .hasMessageContaining("--codec-key-env (BOSUN_CODEC_KEY_ENV)")
        .hasMessageContaining("NOPE");
    assertThatThrownBy(() -> parse("--codec-key-file", bad.toString()).settings(Map.of()))
        .hasMessageContaining("--codec-key-id (BOSUN_CODEC_KEY_ID) is required");
  }

  @Test
  void testEmbeddedRunWritesEncryptedHistoryAndReadsItsResult() {
    String marker = "embedded-codec-marker-77";
    TemporalSettings requested =
        parse("--codec-key-id", "k1", "--codec-key-env", "K").settings(Map.of("K", key(5)));
    try (TemporalSession session = TemporalSession.open(requested, Map.of(), true)) {
      assertThat(session.settings().codec())
          .as("embedded settings keep the keys")
          .isNotNull();
      WorkerFactory factory = WorkerFactory.newInstance(session.client());
      try {
        var worker = factory.newWorker("codec-cli");
        worker.registerWorkflowImplementationTypes(EchoWorkflow.Impl.class);
        worker.registerActivitiesImplementations((EchoWorkflow.Shout) t -> t.toUpperCase() + "!");
        factory.start();
        String id = "codec-echo-" + System.nanoTime();
        EchoWorkflow wf = session
            .client()
            .newWorkflowStub(
                EchoWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue("codec-cli")
                    .setWorkflowId(id)
                    .setWorkflowExecutionTimeout(Duration.ofSeconds(30))
                    .build());

        assertThat(wf.echo(marker)).isEqualTo(marker.toUpperCase() + "!");

        History history = session
            .stubs()
            .blockingStub()
            .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(session.settings().namespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .build())
            .getHistory();
        String raw = new String(history.toByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(raw)
            .doesNotContain(marker)
            .doesNotContain(marker.toUpperCase())
            .contains(AesGcmPayloadCodec.ENCODING);
      } finally {
        factory.shutdownNow();
        factory.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
