package dev.bosun.cli.bench;

import dev.bosun.cli.temporal.EmbeddedTemporal;
import dev.bosun.sim.net.LocalPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Temporal a benchmark runs against: the embedded test server, or a real dev server (temporal-dev/start). */
abstract class TemporalServer implements AutoCloseable {

  abstract String address();

  abstract String name();

  /** The server's process id for its peak RSS, or -1 when it runs in this JVM. */
  long pid() {
    return -1;
  }

  @Override
  public abstract void close();

  static TemporalServer start(String kind, Path repo) {
    return switch (kind) {
      case "embedded" -> new Embedded();
      case "dev" -> new Dev(repo);
      default ->
        throw new IllegalArgumentException(
            "--server must be 'embedded' or 'dev', was '" + kind + "'");
    };
  }

  private static final class Embedded extends TemporalServer {
    private final EmbeddedTemporal server = EmbeddedTemporal.start();

    @Override
    String address() {
      return server.address();
    }

    @Override
    String name() {
      return "embedded test server";
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** temporal-dev/start on free ports with a temporary state directory (SQLite), stopped with temporal-dev/stop. */
  private static final class Dev extends TemporalServer {
    private final Path repo;
    private final Path state;
    private final String address;
    private final long pid;

    Dev(Path repo) {
      this.repo = repo;
      this.state = BenchOptions.tempDir("temporal");
      int port = LocalPorts.free();
      int ui = LocalPorts.free();
      Exec.run(
              List.of(
                  repo.resolve("temporal-dev/start").toString(),
                  "--port",
                  Integer.toString(port),
                  "--ui-port",
                  Integer.toString(ui),
                  "--state",
                  state.toString()),
              repo,
              Map.of())
          .requireSuccess("temporal-dev/start");
      this.address = "127.0.0.1:" + port;
      try {
        this.pid =
            Long.parseLong(Files.readString(state.resolve("temporal.pid")).trim());
      } catch (IOException e) {
        throw new UncheckedIOException("temporal-dev/start wrote no pid file in " + state, e);
      }
    }

    @Override
    String address() {
      return address;
    }

    @Override
    String name() {
      return "dev server (temporal-dev/start, SQLite)";
    }

    @Override
    long pid() {
      return pid;
    }

    @Override
    public void close() {
      Exec.run(
          List.of(repo.resolve("temporal-dev/stop").toString(), "--state", state.toString()),
          repo,
          Map.of());
    }
  }
}
