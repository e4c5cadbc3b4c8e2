package dev.bosun.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every benchmark takes. */
public final class BenchOptions {

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs per figure; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--doc",
      defaultValue = "docs/benchmarks.md",
      description = "Report file to rewrite (default ${DEFAULT-VALUE}); '-' for none.")
  String doc;

  @Option(
      names = "--repo",
      defaultValue = ".",
      description =
          "Bosun's repository root (bench/, temporal-dev/, worker/target) (default ${DEFAULT-VALUE}).")
  Path repo;

  void validate() {
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1, was " + runs);
    }
  }

  /** A fresh temporary directory for one lab or server. */
  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory("bosun-bench-" + prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String name, String title, String command, String body) {
    if (!"-".equals(doc)) {
      BenchDoc.write(repo.resolve(doc), name, title, command, body);
    }
  }
}
