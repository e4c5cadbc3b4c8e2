package dev.bosun.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Reading what the server recorded: visibility queries, histories, activity summaries, payload text. */
final class Histories {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Histories() {}

  static List<WorkflowExecutionMetadata> list(WorkflowClient client, String query) {
    return client.listExecutions(query).toList();
  }

  static WorkflowExecutionHistory fetch(WorkflowClient client, WorkflowExecutionMetadata run) {
    return client.fetchHistory(
        run.getExecution().getWorkflowId(), run.getExecution().getRunId());
  }

  /** The summary of every ActivityTaskScheduled event ("" when it has none), in history order. */
  static List<String> activitySummaries(WorkflowExecutionHistory history) {
    List<String> out = new ArrayList<>();
    for (HistoryEvent e : history.getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        out.add(
            e.hasUserMetadata() && e.getUserMetadata().hasSummary()
                ? text(e.getUserMetadata().getSummary())
                : "");
      }
    }
    return out;
  }

  static String text(Payload p) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(p, String.class, String.class);
  }

  /**
   * The history as the UI and {@code temporal workflow show -o json} get it, plus every payload decoded: the
   * JSON carries payload data base64-encoded, so a secret inside a payload would not show in the raw text.
   */
  static String searchableText(WorkflowExecutionHistory history) {
    String json = history.toJson(true);
    StringBuilder all = new StringBuilder(json);
    try {
      decodeData(JSON.readTree(json), all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all.toString();
  }

  private static void decodeData(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        if (f.getKey().equals("data") && f.getValue().isTextual()) {
          try {
            out.append('\n')
                .append(new String(
                    Base64.getDecoder().decode(f.getValue().asText()), StandardCharsets.UTF_8));
          } catch (IllegalArgumentException notBase64) {
            out.append('\n').append(f.getValue().asText());
          }
        } else {
          decodeData(f.getValue(), out);
        }
      }
    } else if (node.isArray()) {
      node.forEach(n -> decodeData(n, out));
    }
  }
}
