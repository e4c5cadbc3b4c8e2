package dev.bosun.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs an external program and returns its exit code and combined output. */
final class Exec {

  record Result(int exitCode, String output, double seconds) {
    Result requireSuccess(String what) {
      if (exitCode != 0) {
        throw new IllegalStateException(what + " exited " + exitCode + ":\n" + tail(output, 3000));
      }
      return this;
    }
  }

  private Exec() {}

  static Result run(List<String> command, Path dir, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      return new Result(code, out, (System.nanoTime() - t0) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command.get(0), e);
    }
  }

  static Result run(List<String> command) {
    return run(command, null, Map.of());
  }

  static String tail(String s, int chars) {
    return s.length() <= chars ? s : "…" + s.substring(s.length() - chars);
  }
}
