package dev.bosun.activities.backup;

import dev.bosun.activities.Heartbeat;
import dev.bosun.activities.ssh.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs rclone or restic on the worker's machine (no shell: an argument list), with extra environment variables
 * that only the child sees, heartbeating every two seconds while it runs. A cancelled or timed-out activity kills it.
 */
final class LocalTool {

  private static final Duration BEAT = Duration.ofSeconds(2);

  /**
   * Set (to {@code true}) where the worker's machine has no rclone or restic and every tool must run on
   * {@code backup.offHost.runOn}: a tool started here then fails loudly instead of finding one on the PATH.
   */
  static final String REFUSE_PROPERTY = "bosun.offHost.refuseLocalTools";

  private LocalTool() {}

  static CommandResult run(
      List<String> argv,
      Map<String, String> env,
      String stdin,
      Duration timeout,
      Heartbeat heartbeat) {
    if (Boolean.getBoolean(REFUSE_PROPERTY)) {
      throw new IllegalStateException(
          argv.get(0) + " " + argv.get(1) + " would run on the worker, but " + REFUSE_PROPERTY
              + " is set: it must run on backup.offHost.runOn");
    }
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().putAll(env);
    // rclone refuses to start with AWS_CA_BUNDLE set (LoadCustomCABundleError) unless it names a
    // real bundle
    pb.environment().remove("AWS_CA_BUNDLE");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          argv.get(0) + " could not be started (is it installed on the worker?)", e);
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the tool closed its input early; its exit status says why
    }
    String what = argv.get(0) + " " + argv.get(1);
    try {
      long deadline = start + timeout.toNanos();
      while (!p.waitFor(BEAT.toMillis(), TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException(
              what + " did not finish within " + timeout.toSeconds() + " s");
        }
        heartbeat.beat(what + " running for "
            + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
      }
      return new CommandResult(
          p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    } catch (RuntimeException e) {
      // a cancelled activity's heartbeat throws: the tool must not outlive it
      p.destroyForcibly();
      throw e;
    }
  }

  private static CompletableFuture<String> drain(InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try (s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }
}
