package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.worker.codec.AesGcmPayloadCodec;
import dev.bosun.worker.temporal.TemporalConnection;
import dev.bosun.worker.temporal.TemporalSettings;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker configured with bosun.temporal.codec.* runs a workflow whose history holds no plaintext input or
 * result, while a client with the same keys reads the result; a client without them cannot.
 */
class CodecEncryptedHistoryTest {

  @TempDir
  Path dir;

  @Test
  void testHistoryPayloadsAreEncryptedAndTheClientReadsTheResult() throws Exception {
    String marker = "lab1-secret-marker-3f9a";
    Path key = Files.writeString(
        dir.resolve("k1.key"), dev.bosun.worker.codec.AesGcmPayloadCodecTest.key(11));
    try (TestTemporal temporal = new TestTemporal();
        EmbeddedWorker worker = Greetings.httpWorker(
                temporal, "codec-history", new Greetings.GreetingActivitiesImpl())
            .httpServer(false)
            .property("bosun.temporal.codec.key-id", "k1")
            .property("bosun.temporal.codec.key-file", key.toString())
            .start()) {
      TemporalSettings settings =
          worker.context().getBean(TemporalService.class).settings();
      assertThat(settings.codec()).isNotNull();
      WorkflowClient client = TemporalConnection.client(temporal.stubs(), settings);
      String id = "codec-history-" + System.nanoTime();
      Greetings.GreetingWorkflow wf = client.newWorkflowStub(
          Greetings.GreetingWorkflow.class,
          WorkflowOptions.newBuilder()
              .setTaskQueue("codec-history")
              .setWorkflowId(id)
              .build());

      assertThat(wf.greet(marker, 0)).isEqualTo("hello " + marker);

      History history = temporal
          .stubs()
          .blockingStub()
          .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace("default")
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
              .build())
          .getHistory();
      String raw = new String(history.toByteArray(), StandardCharsets.ISO_8859_1);
      assertThat(raw).as("raw history bytes").doesNotContain(marker).doesNotContain("json/plain");
      List<Payload> inputs = history.getEventsList().stream()
          .filter(HistoryEvent::hasWorkflowExecutionStartedEventAttributes)
          .flatMap(e ->
              e.getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList().stream())
          .toList();
      assertThat(inputs).isNotEmpty().allSatisfy(p -> {
        assertThat(AesGcmPayloadCodec.isEncrypted(p)).isTrue();
        assertThat(p.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k1");
      });

      // without the keys the result is ciphertext: the default converter refuses it
      assertThatThrownBy(() -> temporal.client().newUntypedWorkflowStub(id).getResult(String.class))
          .hasStackTraceContaining("binary/encrypted");
    }
  }
}
