package dev.bosun.cli.e2e;

import dev.bosun.sim.net.LocalPorts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Temporal dev server run by {@code temporal-dev/start} on free ports with its own state directory (one
 * SQLite file), exactly as an operator runs it; {@code temporal-dev/stop} ends it.
 */
public final class DevServer implements TemporalBackend {

  static final Path SCRIPTS = Path.of("..", "temporal-dev").toAbsolutePath().normalize();

  private final Path state;
  private final int port;
  private final int uiPort;

  private DevServer(Path state, int port, int uiPort) {
    this.state = state;
    this.port = port;
    this.uiPort = uiPort;
  }

  /** The temporal CLI on PATH or in ~/go/bin, where temporal-dev/start looks for it. */
  public static Optional<Path> temporalCli() {
    Stream<Path> onPath = Stream.of(
            System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, "temporal"));
    return Stream.concat(
            onPath, Stream.of(Path.of(System.getProperty("user.home"), "go", "bin", "temporal")))
        .filter(Files::isExecutable)
        .findFirst();
  }

  public static DevServer start(Path state) throws Exception {
    DevServer server = new DevServer(state, LocalPorts.free(), LocalPorts.free());
    server.runStart();
    return server;
  }

  private void runStart() throws Exception {
    String out = script(
        "start",
        "--port",
        String.valueOf(port),
        "--ui-port",
        String.valueOf(uiPort),
        "--state",
        state.toString());
    if (!out.contains("address: " + address())) {
      throw new IllegalStateException(
          "temporal-dev/start did not report " + address() + ":\n" + out);
    }
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public String namespace() {
    return "default";
  }

  @Override
  public String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  /** The pid temporal-dev/start wrote down. */
  long pid() throws IOException {
    return Long.parseLong(Files.readString(state.resolve("temporal.pid")).trim());
  }

  @Override
  public void killAndRestart() throws Exception {
    ProcessHandle server = ProcessHandle.of(pid())
        .orElseThrow(() -> new IllegalStateException("dev server is not running"));
    server.destroyForcibly();
    server.onExit().get(30, TimeUnit.SECONDS);
    runStart();
  }

  @Override
  public String cannotRestart() {
    return null;
  }

  @Override
  public void close() {
    try {
      script("stop", "--state", state.toString());
    } catch (Exception e) {
      throw new IllegalStateException("temporal-dev/stop failed", e);
    }
  }

  private static String script(String name, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(SCRIPTS.resolve(name).toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("temporal-dev/" + name + " failed:\n" + out);
    }
    return out;
  }
}
