package dev.bosun.cli.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.cli.Cli;
import dev.bosun.cli.operation.ClusterBusyException;
import dev.bosun.cli.operation.Mutation;
import dev.bosun.sim.net.LocalPorts;
import dev.bosun.worker.temporal.TemporalSettings;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The same round trip against a real Temporal dev server started by temporal-dev/start. */
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
@Execution(
    ExecutionMode
        .CONCURRENT) // its own dev server on free ports and its own state directory; overlaps with
// the other classes
class DevServerTest {

  static final Path SCRIPTS = Path.of("..", "temporal-dev").toAbsolutePath().normalize();
  static Path state;
  static String address;
  static int uiPort;

  static Optional<Path> temporalCli() {
    Stream<Path> onPath = Stream.of(
            System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, "temporal"));
    return Stream.concat(
            onPath, Stream.of(Path.of(System.getProperty("user.home"), "go", "bin", "temporal")))
        .filter(Files::isExecutable)
        .findFirst();
  }

  static String script(String name, String... args) throws Exception {
    var cmd = new java.util.ArrayList<String>();
    cmd.add(SCRIPTS.resolve(name).toString());
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("%s finished", name).isTrue();
    assertThat(p.exitValue()).as("%s exit; output:%n%s", name, out).isEqualTo(0);
    return out;
  }

  static final String NO_CLI =
      "temporal CLI not found: not on PATH nor in ~/go/bin (temporal-dev/install builds it)";

  @BeforeAll
  static void startDevServer() throws Exception {
    if (temporalCli().isEmpty()) {
      return; // each test then reports itself skipped, with the reason
    }
    state = Files.createTempDirectory("bosun-devserver");
    int port = LocalPorts.free();
    uiPort = LocalPorts.free();
    address = "127.0.0.1:" + port;
    String out = script(
        "start",
        "--port",
        String.valueOf(port),
        "--ui-port",
        String.valueOf(uiPort),
        "--state",
        state.toString());
    assertThat(out).contains("address: " + address, "web UI:  http://127.0.0.1:" + uiPort);
  }

  @BeforeEach
  void needsTheCli() {
    Assumptions.assumeTrue(state != null, NO_CLI);
  }

  @AfterAll
  static void stopDevServer() throws Exception {
    if (state != null) {
      assertThat(script("stop", "--state", state.toString())).contains("stopped");
      assertThat(state.resolve("temporal.pid")).doesNotExist();
    }
  }

  @Test
  void testWorkflowRoundTripOnTheDevServer() {
    TemporalSettings settings =
        new TemporalSettings(address, "default", "bosun-devserver-test", null, null, null, null);
    try (TemporalSession session = TemporalSession.open(settings, Map.of(), false)) {
      assertThat(session.isEmbedded()).isFalse();

      String[] r = EchoWorkflow.roundTrip(session.client(), settings.taskQueue(), "dev server");

      assertThat(r[0]).isEqualTo("DEV SERVER!");
      assertThat(r[1]).as("BosunPhase was registered by temporal-dev/start").isEqualTo("Echoing");
    }
  }

  @Test
  void testStatusShowsTheRunningHopOfAChain(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    TemporalSettings settings = new TemporalOptions().settings(Map.of("TEMPORAL_ADDRESS", address));
    try (dev.bosun.sim.LabSim lab =
            dev.bosun.sim.LabSim.start(dev.bosun.sim.LabSpec.of("chainlab", 1, 2, "v1.30.6", dir));
        TemporalSession session = TemporalSession.open(settings, Map.of(), false);
        dev.bosun.cli.operation.InProcessWorker worker =
            dev.bosun.cli.operation.InProcessWorker.start(session)) {
      String inv = lab.inventoryFile().toString();
      // hop 1 stops at its before-workers gate: the chain is running, in hop 1
      Cli.Result start = Cli.run(
          "upgrade",
          "-i",
          inv,
          "--to",
          "v1.32.4",
          "--approval",
          "before-workers",
          "--address",
          address);
      assertThat(start.exit()).as(start.toString()).isEqualTo(5);

      String hop1 =
          "hop 1 of 2: v1.30.6 → v1.31.9 (bosun:chainlab:upgrade:v1.31.9: AwaitingApproval, 1/3 nodes)";
      Cli.Result status = Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> Cli.run("status", "--cluster", "chainlab", "--address", address),
              r -> r.out().contains(hop1));
      assertThat(status.out())
          .contains("bosun:chainlab ", "AwaitingApproval")
          .doesNotContain("upgrade-hop");
      Cli.Result all = Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> Cli.run("status", "--cluster", "chainlab", "--all", "--address", address),
              r -> r.out().contains("upgrade-hop"));
      assertThat(all.out()).contains("bosun:chainlab:upgrade:v1.31.9");

      Cli.Result abort =
          Cli.run("abort", "--cluster", "chainlab", "--reason", "test over", "--address", address);
      assertThat(abort.exit()).as(abort.toString()).isEqualTo(0);
      assertThat(abort.out()).contains("bosun:chainlab:upgrade:v1.31.9: aborting");
      Cli.Result watch = Cli.run("watch", "bosun:chainlab", "--plain", "--address", address);
      assertThat(watch.exit()).as(watch.toString()).isEqualTo(1);
      assertThat(watch.out()).contains("Aborted (hop 1 of 2: v1.30.6 → v1.31.9 ended Aborted");
    }
  }

  @Test
  void testStatusListsTheClusterOperationsAndASecondStartIsBusy() {
    TemporalSettings settings =
        new TemporalSettings(address, "default", "bosun-status-test", null, null, null, null);
    try (TemporalSession session = TemporalSession.open(settings, Map.of(), false)) {
      // no worker polls this queue: the run stays in its first phase, as a stuck upgrade would
      Mutation m = new Mutation(
          "statuslab",
          "RollingUpgrade",
          "upgrade",
          "Upgrade statuslab v1.30.6 → v1.31.2 (1 control plane, 2 workers)",
          "test",
          "v1.31.2",
          3);
      m.start(session.client(), settings.taskQueue(), "no worker reads this");
      try {
        assertThatThrownBy(() -> m.start(session.client(), settings.taskQueue(), "again"))
            .isInstanceOf(ClusterBusyException.class)
            .hasMessageContaining("cluster statuslab is busy: RollingUpgrade bosun:statuslab (run ")
            .hasMessageContaining(
                "\"Upgrade statuslab v1.30.6 → v1.31.2 (1 control plane, 2 workers)\"");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          Cli.Result r = Cli.run("status", "--cluster", "statuslab", "--address", address);
          assertThat(r.exit()).as(r.toString()).isEqualTo(0);
          assertThat(r.out())
              .contains(
                  "WORKFLOW ID",
                  "bosun:statuslab",
                  "upgrade",
                  "Preflight",
                  "v1.31.2",
                  "0/3",
                  "running");
        });
        Cli.Result json = Cli.run("status", "--output", "json", "--address", address);
        assertThat(json.out())
            .contains("\"workflowId\" : \"bosun:statuslab\"", "\"nodesTotal\" : 3");
      } finally {
        session.client().newUntypedWorkflowStub(m.workflowId()).terminate("test done");
      }
    }
  }

  @Test
  void testWebUiAnswersAndStatusSaysRunning() throws Exception {
    HttpResponse<String> ui = HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ui.statusCode()).isEqualTo(200);

    String port = address.substring(address.indexOf(':') + 1);
    assertThat(script(
            "status",
            "--port",
            port,
            "--ui-port",
            String.valueOf(uiPort),
            "--state",
            state.toString()))
        .contains("running", "SERVING");
  }
}
