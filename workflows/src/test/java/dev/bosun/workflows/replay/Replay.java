package dev.bosun.workflows.replay;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;

/**
 * Replays a history on a worker with a generous deadlock timeout: the first workflow task of a JVM
 * loads classes, which on a loaded 2-core machine can take longer than the SDK's default 1 s and
 * would fail the replay as a "potential deadlock" that is not one.
 */
final class Replay {

  private Replay() {}

  static void resource(String resource, Class<?>... implementations) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkflowReplayer.replayWorkflowExecutionFromResource(resource, worker(env, implementations));
    }
  }

  static void json(String history, Class<?>... implementations) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(history), worker(env, implementations));
    }
  }

  /** A history's payloads decoded, one a line (the JSON stores them base64). */
  static String payloads(String historyJson) {
    StringBuilder sb = new StringBuilder();
    java.util.regex.Matcher m = DATA.matcher(historyJson);
    while (m.find()) {
      sb.append(new String(
              java.util.Base64.getDecoder().decode(m.group(1).replace("\\u003d", "=")),
              java.nio.charset.StandardCharsets.UTF_8))
          .append('\n');
    }
    return sb.toString();
  }

  private static final java.util.regex.Pattern DATA =
      java.util.regex.Pattern.compile("\"data\": \"([^\"]*)\"");

  private static Worker worker(TestWorkflowEnvironment env, Class<?>... implementations) {
    Worker worker = env.newWorker(
        "replay",
        WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build());
    worker.registerWorkflowImplementationTypes(implementations);
    return worker;
  }
}
