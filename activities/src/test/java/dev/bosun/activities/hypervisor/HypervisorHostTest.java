package dev.bosun.activities.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.HypervisorErrors;
import dev.bosun.workflows.model.HostTarget;
import io.temporal.failure.ApplicationFailure;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where hypervisor commands run: this machine through sh, or a host over SSH whose failures become UNREACHABLE. */
class HypervisorHostTest {

  @Test
  void locallyTheCommandRunsInShWithItsInput() {
    HypervisorHost local =
        HypervisorHost.local(Duration.ofSeconds(10), dev.bosun.activities.Heartbeat.NONE);
    CommandResult r = local.run("cat && echo done >&2", "the Vagrantfile\n");
    assertEquals(0, r.exitCode());
    assertEquals("the Vagrantfile\n", r.stdout());
    assertEquals("done\n", r.stderr());
    assertEquals(127, local.run("no-such-tool-here --version").exitCode());
  }

  @Test
  void aLongLocalToolHeartbeatsWhileItRuns() {
    java.util.List<String> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
    CommandResult r =
        HypervisorHost.local(Duration.ofSeconds(30), beats::add).run("sleep 5.5; echo up");
    assertEquals("up\n", r.stdout());
    assertEquals(java.util.List.of("$ sleep 5.5; echo up"), beats);
  }

  @Test
  void aHyperVHeartbeatShowsTheScriptNotItsBase64() {
    java.util.List<String> beats = new java.util.ArrayList<>();
    String command = HyperVScripts.command(HyperVScripts.script(HyperVScripts.startVm("lab-w-1")));
    HypervisorHost.readable(beats::add).beat("$ " + command);
    HypervisorHost.readable(beats::add).beat("$ vagrant status --machine-readable");
    assertEquals(
        java.util.List.of("PS> Start-VM -Name 'lab-w-1'", "$ vagrant status --machine-readable"),
        beats);
  }

  @Test
  void aRefusedSshConnectionIsUnreachableAndRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    HostTarget target = new HostTarget(
        "lab",
        "win10",
        "127.0.0.1",
        port,
        "bosun",
        "/nonexistent/key",
        "/dev/null",
        true,
        null,
        Duration.ofSeconds(2),
        null);
    try (SshPool ssh = new SshPool(HypervisorLab.SETTINGS)) {
      ApplicationFailure f = HypervisorLab.fails(
          HypervisorErrors.UNREACHABLE,
          () -> HypervisorHost.over(ssh, target, dev.bosun.activities.Heartbeat.NONE)
              .run("ver"));
      assertFalse(f.isNonRetryable());
      assertTrue(
          f.getOriginalMessage().startsWith("hypervisor host 127.0.0.1 (win10): "),
          f.getOriginalMessage());
    }
  }
}
