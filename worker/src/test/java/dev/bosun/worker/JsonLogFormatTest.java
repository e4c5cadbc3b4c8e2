package dev.bosun.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The shipped logback.xml, in a child JVM (logback reads BOSUN_LOG_FORMAT once, from its environment). */
class JsonLogFormatTest {

  /** Child JVM entry: logs one line with the MDC fields the worker sets. */
  public static void main(String[] args) {
    Logger log = LoggerFactory.getLogger("dev.bosun.probe");
    MDC.put(MdcWorkerInterceptor.WORKFLOW_ID, "upgrade-lab1");
    MDC.put(MdcWorkerInterceptor.RUN_ID, "run-7");
    MDC.put(MdcWorkerInterceptor.ACTIVITY_TYPE, "Drain");
    log.info("draining w-1");
  }

  private static String run(Map<String, String> env) throws Exception {
    Path config = Path.of("src/main/resources/logback.xml").toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dlogback.configurationFile=" + config,
        "-cp",
        System.getProperty("java.class.path"),
        JsonLogFormatTest.class.getName());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }

  @Test
  void testJsonFormatWritesOneObjectPerLineWithTheMdc() throws Exception {
    String out = run(Map.of("BOSUN_LOG_FORMAT", "json"));

    assertThat(out.lines().filter(l -> l.contains("draining w-1")).findFirst().orElseThrow())
        .startsWith("{")
        .contains("\"level\":\"INFO\"")
        .contains("\"message\":\"draining w-1\"")
        .contains("\"workflowId\":\"upgrade-lab1\"")
        .contains("\"runId\":\"run-7\"")
        .contains("\"activityType\":\"Drain\"");
  }

  @Test
  void testTextFormatIsTheDefaultAndNamesTheRun() throws Exception {
    String out = run(Map.of());

    assertThat(out.lines().filter(l -> l.contains("draining w-1")).findFirst().orElseThrow())
        .contains("INFO")
        .contains("dev.bosun.probe wf=upgrade-lab1 run=run-7 activity=Drain - draining w-1");
  }
}
