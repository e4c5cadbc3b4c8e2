package dev.bosun.activities.hypervisor;

import dev.bosun.activities.Failures;
import dev.bosun.activities.Heartbeat;
import dev.bosun.activities.ssh.CommandResult;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.HypervisorErrors;
import dev.bosun.workflows.model.HostTarget;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Where a hypervisor's commands run: its host over SSH, or this machine ({@code host: local}). */
public interface HypervisorHost {

  /** Runs one command line; {@code stdin} (may be null) is its whole input. Fails only when the host cannot be reached. */
  CommandResult run(String command, String stdin);

  default CommandResult run(String command) {
    return run(command, null);
  }

  /** A short name for messages: the host's address, or "this machine". */
  String where();

  /**
   * Over the worker's shared SSH pool. Not reaching the host becomes {@link HypervisorErrors#UNREACHABLE}: retryable
   * when the network may heal, not when the key or host key is wrong.
   */
  static HypervisorHost over(SshPool ssh, HostTarget target, Heartbeat heartbeat) {
    return new HypervisorHost() {
      @Override
      public CommandResult run(String command, String stdin) {
        try {
          return stdin == null
              ? ssh.run(target, command, heartbeat)
              : ssh.runWithInput(target, command, stdin);
        } catch (ApplicationFailure e) {
          boolean transient_ =
              List.of(Failures.SSH_UNREACHABLE, Failures.SSH_CONNECTION_LOST).contains(e.getType());
          String message = "hypervisor host " + target.address() + " (" + target.node() + "): "
              + e.getOriginalMessage();
          if (e.getType() != null
              && (transient_
                  || e.getType().startsWith("Ssh")
                  || e.getType().startsWith("HostKey"))) {
            throw transient_
                ? Failures.retryable(HypervisorErrors.UNREACHABLE, message, e)
                : Failures.nonRetryable(HypervisorErrors.UNREACHABLE, message);
          }
          throw e; // a command that timed out ran on a reachable host: its own failure says which
        }
      }

      @Override
      public String where() {
        return target.address();
      }
    };
  }

  /**
   * The activity's heartbeat with Hyper-V's command lines made readable: "$ powershell ... -EncodedCommand <base64>"
   * says nothing in the UI, the script's first statement does.
   */
  static Heartbeat readable(Heartbeat heartbeat) {
    return detail -> {
      int at = detail == null ? -1 : detail.indexOf("-EncodedCommand ");
      if (at < 0) {
        heartbeat.beat(detail);
        return;
      }
      try {
        String script = new String(
            java.util.Base64.getDecoder()
                .decode(detail.substring(at + "-EncodedCommand ".length()).strip()),
            StandardCharsets.UTF_16LE);
        List<String> lines = script.lines().map(String::strip).toList();
        int body = lines.indexOf("try {") + 1;
        heartbeat.beat("PS> " + (body > 0 && body < lines.size() ? lines.get(body) : lines.get(0)));
      } catch (IllegalArgumentException notBase64) {
        heartbeat.beat(detail);
      }
    };
  }

  /** On the worker's own machine, through {@code sh -c}: for a hypervisor next to the worker. */
  /** How often a local tool's run heartbeats: well inside the 30 s heartbeat timeout of host steps. */
  long LOCAL_BEAT_MILLIS = 5_000;

  /** This machine; long tools (vagrant up) heartbeat while they run, so a dead worker is noticed in seconds. */
  static HypervisorHost local(Duration timeout, Heartbeat heartbeat) {
    return new HypervisorHost() {
      @Override
      public CommandResult run(String command, String stdin) {
        long start = System.nanoTime();
        try {
          Process p = new ProcessBuilder("sh", "-c", command).start();
          try (var in = p.getOutputStream()) {
            if (stdin != null) {
              in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
          }
          CompletableFuture<String> out =
              CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
          CompletableFuture<String> err =
              CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
          long deadline = System.nanoTime() + timeout.toNanos();
          while (!p.waitFor(
                  Math.min(
                      LOCAL_BEAT_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                  TimeUnit.MILLISECONDS)
              && System.nanoTime() < deadline) {
            heartbeat.beat("$ " + command);
          }
          if (p.isAlive()) {
            p.destroyForcibly();
            throw Failures.retryable(
                Failures.COMMAND_TIMEOUT,
                "`" + command + "` did not finish within " + timeout.toSeconds() + "s");
          }
          return new CommandResult(
              p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
          throw Failures.nonRetryable(
              HypervisorErrors.TOOL_FAILED,
              "cannot run `" + command + "` on this machine: " + e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Failures.retryable(
              Failures.COMMAND_TIMEOUT, "interrupted while `" + command + "` ran");
        }
      }

      @Override
      public String where() {
        return "this machine";
      }
    };
  }

  private static String readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
