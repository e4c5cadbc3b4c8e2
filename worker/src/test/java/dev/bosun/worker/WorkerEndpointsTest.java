package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bosun.worker.Greetings.GreetingActivitiesImpl;
import dev.bosun.worker.Greetings.GreetingWorkflow;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/** The worker with its HTTP server, connected by address (so the SDK metrics flow into Micrometer). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerEndpointsTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final GreetingActivitiesImpl activities = new GreetingActivitiesImpl();
  private final ListAppender<ILoggingEvent> activityLog = new ListAppender<>();
  private final ListAppender<ILoggingEvent> workflowLog = new ListAppender<>();
  private TestTemporal temporal;
  private EmbeddedWorker worker;

  @BeforeAll
  void start() {
    activityLog.start();
    ((Logger) LoggerFactory.getLogger(GreetingActivitiesImpl.class)).addAppender(activityLog);
    workflowLog.start();
    ((Logger) LoggerFactory.getLogger(Greetings.GreetingWorkflowImpl.class))
        .addAppender(workflowLog);
    temporal = new TestTemporal();
    worker = Greetings.httpWorker(temporal, "endpoints", activities)
        .property("bosun.worker.metrics-report-interval", "100ms")
        .property("endpoints.health.details-visible", "ANONYMOUS") // details asked for and allowed
        .start();
  }

  @AfterAll
  void stop() throws Exception {
    worker.close();
    temporal.close();
    ((Logger) LoggerFactory.getLogger(GreetingActivitiesImpl.class)).detachAppender(activityLog);
    ((Logger) LoggerFactory.getLogger(Greetings.GreetingWorkflowImpl.class))
        .detachAppender(workflowLog);
  }

  private String runGreeting(String workflowId) {
    GreetingWorkflow workflow = temporal
        .client()
        .newWorkflowStub(
            GreetingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue("endpoints")
                .setWorkflowId(workflowId)
                .build());
    return workflow.greet("lab1", 10);
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = worker.httpUrl().orElseThrow().toURI().resolve(path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void testHealthIsUpWithTemporalReachableAndWorkerPolling() throws Exception {
    HttpResponse<String> health = get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"temporal\"")
        .contains("\"worker\":\"POLLING\"")
        .contains("\"taskQueue\":\"endpoints\"")
        .contains("\"address\":\"" + temporal.address() + "\"");
  }

  @Test
  void testPrometheusShowsTemporalSdkMetricsAfterAWorkflowRan() throws Exception {
    assertThat(runGreeting("metrics-1")).isEqualTo("hello lab1");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      HttpResponse<String> prometheus = get("/prometheus");
      assertThat(prometheus.statusCode()).isEqualTo(200);
      assertThat(prometheus.body())
          .contains("temporal_workflow_completed")
          .contains("temporal_activity_execution_latency");
    });
  }

  @Test
  void testActivityLogLinesCarryWorkflowRunAndActivityInMdc() {
    assertThat(runGreeting("mdc-1")).isEqualTo("hello lab1");

    ILoggingEvent line = activityLog.list.stream()
        .filter(e -> e.getFormattedMessage().startsWith("composing greeting"))
        .filter(e -> "mdc-1".equals(e.getMDCPropertyMap().get("workflowId")))
        .findFirst()
        .orElseThrow();
    Map<String, String> mdc = line.getMDCPropertyMap();
    assertThat(mdc)
        .containsEntry(MdcWorkerInterceptor.ACTIVITY_TYPE, "Compose")
        .containsEntry(MdcWorkerInterceptor.WORKFLOW_TYPE, "GreetingWorkflow");
    assertThat(mdc.get(MdcWorkerInterceptor.RUN_ID)).isNotBlank();
    assertThat(mdc.get(MdcWorkerInterceptor.ACTIVITY_ID)).isNotBlank();

    ILoggingEvent workflowLine = workflowLog.list.stream()
        .filter(e -> "mdc-1".equals(e.getMDCPropertyMap().get("workflowId")))
        .findFirst()
        .orElseThrow();
    assertThat(workflowLine.getFormattedMessage()).isEqualTo("greeting lab1");
    assertThat(workflowLine.getMDCPropertyMap())
        .containsEntry(MdcWorkerInterceptor.RUN_ID, mdc.get(MdcWorkerInterceptor.RUN_ID))
        .containsEntry(MdcWorkerInterceptor.WORKFLOW_TYPE, "GreetingWorkflow");
  }
}
