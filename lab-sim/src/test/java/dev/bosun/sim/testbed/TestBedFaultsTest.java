package dev.bosun.sim.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test bed's failures each give one clear message naming the component, where its log is and how to rebuild:
 * never a hang, never a bare stack trace. Driven with stand-in binaries (shell scripts) so that they need no build.
 */
@Timeout(60)
class TestBedFaultsTest {

  @TempDir
  Path dir;

  private Path bin(Map<String, String> scripts) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String name : TestBed.BINARIES) {
      String body = scripts.getOrDefault(name, "exec sleep 600");
      Path p = bin.resolve(name);
      Files.writeString(p, "#!/bin/sh\n" + body + "\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }

  @Test
  void testABinaryThatDiesOnStartIsNamedWithItsLogAndHowToRebuild() throws Exception {
    Path bin = bin(Map.of(
        "etcd",
        "echo 'etcdmain: listen tcp 127.0.0.1:2379: bind: address already in use' >&2; exit 1"));
    assertThatThrownBy(() -> KubeControlPlane.start(bin, dir.resolve("cp"), Duration.ofSeconds(20)))
        .isInstanceOf(TestBedException.class)
        .hasMessageContaining("lost a port to another process on 3 sets of free ports")
        .hasMessageContaining("etcd exited with code 1 while starting")
        .hasMessageContaining(dir.resolve("cp/attempt-3/logs/etcd.log").toString())
        .hasMessageContaining("address already in use")
        .hasMessageContaining("testbed/install");
  }

  @Test
  void testAComponentThatNeverBecomesHealthyTimesOutByNameAndIsStopped() throws Exception {
    Path bin = bin(Map.of("etcd", "echo 'waiting for nothing'; exec sleep 600"));
    long start = System.nanoTime();
    assertThatThrownBy(() -> KubeControlPlane.start(bin, dir.resolve("cp"), Duration.ofSeconds(2)))
        .isInstanceOf(TestBedException.class)
        .hasMessageContaining("etcd was not ready within 2 s")
        .hasMessageContaining(dir.resolve("cp/logs/etcd.log").toString())
        .hasMessageContaining("waiting for nothing");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    // stopped by PID on the way out: nothing started from this bin directory is still running
    assertThat(ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().orElse("").contains(bin.toString()))
            .toList())
        .isEmpty();
  }

  @Test
  void testAMissingBinaryIsNamedWithTheRebuildCommand() throws Exception {
    Path bin = bin(Map.of());
    Files.delete(bin.resolve("etcd"));
    assertThatThrownBy(() -> KubeControlPlane.start(bin, dir.resolve("cp"), Duration.ofSeconds(2)))
        .isInstanceOf(TestBedException.class)
        .hasMessage("etcd is missing from " + bin + ": rebuild the test bed with testbed/install");
  }

  @Test
  void testInstallWithoutGoSaysSoAndExits2() throws Exception {
    Path script = TestBed.installScript().orElseThrow();
    // a PATH without Go and an empty cache: nothing is built, the reason is given
    ProcessBuilder noGo = new ProcessBuilder(script.toString()).redirectErrorStream(true);
    noGo.environment().put("PATH", "/usr/bin:/bin");
    noGo.environment().put("BOSUN_TESTBED_CACHE", dir.resolve("cache").toString());
    Process run = noGo.start();
    run.getOutputStream().close();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(out).isEqualTo(2);
    assertThat(out).contains("Go is not installed").contains("run testbed/install again");
  }

  @Test
  void testCheckNeverBuildsAndSaysWhereTheBinariesWouldBe() throws Exception {
    Path script = TestBed.installScript().orElseThrow();
    ProcessBuilder check =
        new ProcessBuilder(script.toString(), "--check").redirectErrorStream(true);
    check.environment().put("BOSUN_TESTBED_CACHE", dir.resolve("cache").toString());
    Process run = check.start();
    run.getOutputStream().close();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).isEqualTo(3);
    assertThat(out)
        .contains("the test bed is not built")
        .contains(dir.resolve("cache").toString());
    assertThat(dir.resolve("cache")).as("nothing built").doesNotExist();
  }

  @Test
  void testCheckVeleroNeverBuildsAndSaysWhereItWouldBe() throws Exception {
    Path script = TestBed.installScript().orElseThrow();
    ProcessBuilder check =
        new ProcessBuilder(script.toString(), "--check", "velero").redirectErrorStream(true);
    check.environment().put("BOSUN_TESTBED_CACHE", dir.resolve("cache").toString());
    Process run = check.start();
    run.getOutputStream().close();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(out).isEqualTo(3);
    assertThat(out)
        .contains("Velero is not built")
        .contains(dir.resolve("cache").resolve("velero-v1.18.3-").toString());
    assertThat(dir.resolve("cache")).as("nothing built").doesNotExist();
  }
}
