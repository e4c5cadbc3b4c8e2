package dev.bosun.cli.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.cli.Bosun;
import dev.bosun.worker.temporal.TemporalConnection;
import dev.bosun.worker.temporal.TemporalSettings;
import dev.bosun.worker.temporal.TemporalUnreachableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class TemporalUnreachableTest {

  /** A port nothing listens on: bound, read, released. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void testConnectToAClosedPortNamesTheAddress() throws IOException {
    String address = "127.0.0.1:" + closedPort();
    TemporalSettings settings =
        new TemporalSettings(address, "default", "bosun", null, null, null, null);

    assertThatThrownBy(() -> TemporalConnection.connect(settings, Map.of(), Duration.ofSeconds(2)))
        .isInstanceOf(TemporalUnreachableException.class)
        .hasMessageStartingWith("cannot reach Temporal at " + address + " (")
        .satisfies(
            e -> assertThat(((TemporalUnreachableException) e).address()).isEqualTo(address));
  }

  /** The shape every Temporal-using command has: options mixin, then a session. */
  @Command(name = "connect-probe")
  static final class ConnectProbe implements Callable<Integer> {
    @Mixin
    TemporalOptions temporal;

    @Override
    public Integer call() {
      try (TemporalSession s = TemporalSession.open(temporal.settings(Map.of()), Map.of(), true)) {
        return 0;
      }
    }
  }

  @Test
  void testCliExitsThreeNamingTheAddress() throws IOException {
    String address = "127.0.0.1:" + closedPort();
    CommandLine cl = Bosun.commandLine();
    cl.addSubcommand(new ConnectProbe());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));

    int exit = cl.execute("connect-probe", "--address", address);

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString())
        .startsWith("bosun connect-probe: cannot reach Temporal at " + address + " (UNAVAILABLE")
        .contains("start a server with temporal-dev/start")
        .doesNotContain("\tat ");
  }
}
