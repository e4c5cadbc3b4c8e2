package dev.bosun.sim.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** No component outlives a test JVM that is killed (SIGKILL: no shutdown hook runs): the watchdog stops them. */
@Timeout(180)
class OrphanTest {

  /** The child JVM: starts a control plane, prints its PID file's path, then waits to be killed. */
  public static void main(String[] args) throws Exception {
    KubeControlPlane cp = KubeControlPlane.start(Path.of(args[0]), Path.of(args[1]));
    System.out.println("ready " + Path.of(args[1]).resolve("pids"));
    System.out.flush();
    Thread.sleep(600_000);
    cp.close();
  }

  @Test
  void testAKilledJvmLeavesNoComponentRunning(@TempDir Path dir) throws Exception {
    TestBed.Availability bed = TestBed.find();
    Assumptions.assumeTrue(bed.available(), () -> "real API backend: " + bed.reason());
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanTest.class.getName(),
        bed.binDir().toString(), dir.toString()).redirectErrorStream(true).start();
    child.getOutputStream().close();
    String line;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      while ((line = out.readLine()) != null && !line.startsWith("ready ")) {
        // the control plane's own start-up output, if any
      }
    }
    assertThat(line).as("the child started its control plane").isNotNull();
    List<Long> pids = Arrays.stream(Files.readString(Path.of(line.substring("ready ".length()))).split("\\s+"))
        .filter(s -> !s.isBlank()).map(Long::parseLong).toList();
    assertThat(pids).hasSize(5);
    assertThat(pids).allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));

    child.destroyForcibly(); // SIGKILL
    child.waitFor();
    await().atMost(Duration.ofSeconds(20)).until(() -> pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
  }
}
