package dev.bosun.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bosun demo drill: the backup and the drill of the simulated lab, and no scratch VM left after either ending. The
 * worker may start no rclone or restic (the demo needs only Java): every tool runs on the lab's w-1 (runOn).
 */
@Execution(ExecutionMode.CONCURRENT) // waits on simulated hosts; overlaps with the other lab tests
@Timeout(value = 10, unit = TimeUnit.MINUTES)
// DrillDemoTest refuses tools on the worker (a JVM-wide property) while it runs;
// DrillIntegrationTest runs them
@ResourceLock("bosun.offHost.refuseLocalTools")
class DrillDemoTest {

  /** LocalTool.REFUSE_PROPERTY (package-private there); DrillIntegrationTest, which runs them, holds the same @ResourceLock. */
  private static final String REFUSE_LOCAL_TOOLS = "bosun.offHost.refuseLocalTools";

  @TempDir
  Path tmp;

  @BeforeAll
  static void refuseLocalTools() {
    System.setProperty(REFUSE_LOCAL_TOOLS, "true");
  }

  @AfterAll
  static void allowLocalTools() {
    System.clearProperty(REFUSE_LOCAL_TOOLS);
  }

  @Test
  void testDrillOfAFreshBackupPasses() {
    Cli.Result r = demoDrill();

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(r.out())
        .contains("bosun backup -i ", "bosun drill -i ", "scratch cluster: no VM left");
  }

  /** Each injection: what the drill's report says about it (the step that caught it, why). */
  static Stream<Arguments> injections() {
    return Stream.of(
        Arguments.of(
            "corrupt-copy",
            List.of("failed at step verify-copy", "no longer matches bosun-verified.json")),
        Arguments.of(
            "stale-sentinel",
            List.of(
                "failed at step checks",
                "check FAILED sentinel bosun-sentinel: stale sentinel ",
                "before the backup began; the backup did not carry its own",
                "scratch cluster: torn down")));
  }

  @ParameterizedTest(name = "{0} fails the drill and leaves no scratch VM")
  @MethodSource("injections")
  void testAnInjectedFaultFailsTheDrillAndLeavesNoScratchVm(String inject, List<String> says) {
    Cli.Result r = demoDrill("--inject", inject);

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains(says).contains("scratch cluster: no VM left");
  }

  /** {@code bosun demo drill} without command latency in this test's directory, plus {@code extra}. */
  private Cli.Result demoDrill(String... extra) {
    List<String> args = new ArrayList<>(
        List.of("demo", "drill", "--plain", "--command-latency", "0", "--dir", tmp.toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }
}
