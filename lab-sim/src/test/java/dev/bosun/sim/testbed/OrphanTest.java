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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** No component outlives a test JVM that is killed (SIGKILL: no shutdown hook runs): the watchdog stops them. */
@Timeout(180)
@Execution(
    ExecutionMode
        .CONCURRENT) // its child JVM has its own control plane, s3proxy and Velero; overlaps with
// the other classes
class OrphanTest {

  /** The child JVM: starts a control plane, prints its PID file's path, then waits to be killed. */
  public static void main(String[] args) throws Exception {
    KubeControlPlane cp = KubeControlPlane.start(Path.of(args[0]), Path.of(args[1]));
    if (TestBed.velero().available() && S3Proxy.unavailableReason() == null) {
      // the test bed's other servers too: s3proxy (a child JVM) and Velero, each with its own
      // watchdog
      S3Proxy s3 = S3Proxy.start(Path.of(args[1]).resolve("s3"), "velero");
      VeleroServer.start(
          TestBed.velero(),
          cp,
          "velero",
          VeleroServer.StorageLocation.of(s3, "velero", false),
          Path.of(args[1]).resolve("velero"));
      System.out.println("also " + Path.of(args[1]).resolve("s3/s3proxy.pid") + " "
          + Path.of(args[1]).resolve("velero/velero.pid"));
    }
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
    Process child = new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            OrphanTest.class.getName(),
            bed.binDir().toString(),
            dir.toString())
        .redirectErrorStream(true)
        .start();
    child.getOutputStream().close();
    String line;
    List<Long> others = new java.util.ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      while ((line = out.readLine()) != null && !line.startsWith("ready ")) {
        if (line.startsWith("also ")) {
          for (String pidFile : line.substring("also ".length()).split(" ")) {
            others.addAll(pids(Path.of(pidFile)));
          }
        }
      }
    }
    assertThat(line).as("the child started its control plane").isNotNull();
    List<Long> pids = new java.util.ArrayList<>(pids(Path.of(line.substring("ready ".length()))));
    assertThat(pids).hasSize(5);
    pids.addAll(others); // s3proxy and Velero, when the test bed has them
    assertThat(pids)
        .allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));

    System.out.println("processes watched: " + pids.size());
    child.destroyForcibly(); // SIGKILL
    child.waitFor();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> pids.stream()
            .noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
  }

  private static List<Long> pids(Path pidFile) throws java.io.IOException {
    return Arrays.stream(Files.readString(pidFile).split("\\s+"))
        .filter(s -> !s.isBlank())
        .map(Long::parseLong)
        .toList();
  }
}
