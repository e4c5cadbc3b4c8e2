package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import dev.bosun.cli.temporal.TemporalOptions;
import dev.bosun.cli.temporal.TemporalSession;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15, "hostile CLI input": flags, node names, versions, durations, IDs, paths, unicode and 100 KB
 * arguments are refused with exit 2 naming the argument, before anything starts — checked on the server
 * the commands were pointed at: it never saw a workflow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileCliInputTest {

  static final String HUGE = "a".repeat(100_000);

  Path dir;
  String inventory;
  TemporalSession server;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    this.dir = dir;
    inventory = TestInventory.write(dir);
    server = TemporalSession.open(new TemporalOptions().settings(Map.of()), Map.of(), true);
  }

  @AfterAll
  void noWorkflowWasEverStarted() {
    try {
      var stub = server.stubs().blockingStub();
      String ns = server.settings().namespace();
      assertThat(stub.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(ns)
                  .build())
              .getExecutionsList())
          .as("open workflows on the server")
          .isEmpty();
      assertThat(stub.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(ns)
                  .build())
              .getExecutionsList())
          .as("closed workflows on the server")
          .isEmpty();
    } finally {
      server.close();
    }
  }

  /** name, the argument the error must name, the command line (INV: the inventory). */
  Stream<Arguments> cases() {
    List<Arguments> c = new ArrayList<>();
    String[] up = {"upgrade", "-i", "INV", "--to"};
    add(c, "version without patch", "--to", up, "v1.31");
    add(c, "version with a command", "--to", up, "v1.31.2;reboot");
    add(c, "version with a newline", "--to", up, "v1.31.2\nid");
    add(c, "version in Arabic digits", "--to", up, "v\u0661.\u0663\u0661.\u0662");
    add(c, "version with a zero-width space", "--to", up, "v1.31.2\u200b");
    add(c, "empty version", "--to", up, "");
    add(c, "100 KB version", "--to", up, "v" + HUGE);
    String[] upTo = {"upgrade", "-i", "INV", "--to", "v1.31.2"};
    add(c, "max-unavailable zero", "--max-unavailable", upTo, "--max-unavailable", "0");
    add(c, "max-unavailable negative", "--max-unavailable", upTo, "--max-unavailable", "-1");
    add(c, "max-unavailable over 100%", "--max-unavailable", upTo, "--max-unavailable", "101%");
    add(c, "max-unavailable text", "--max-unavailable", upTo, "--max-unavailable", "all");
    add(c, "max-unavailable 100 KB", "--max-unavailable", upTo, "--max-unavailable", HUGE);
    add(c, "unknown node-failure policy", "--on-node-failure", upTo, "--on-node-failure", "retry");
    add(c, "unknown approval gate", "--approval", upTo, "--approval", "always;id");
    add(c, "negative max-failed-nodes", "--max-failed-nodes", upTo, "--max-failed-nodes", "-3");
    add(c, "text max-failed-nodes", "--max-failed-nodes", upTo, "--max-failed-nodes", "many");
    add(c, "unknown output format", "--output", upTo, "--output", "yaml");
    add(c, "unknown option", "--frobnicate", upTo, "--frobnicate");
    add(c, "address that is not host:port", "--address", upTo, "--address", "$(id):7233");
    add(c, "address without a port", "--address", upTo, "--address", "temporal.lab");
    add(
        c,
        "TLS key without certificate",
        "--tls-key-path",
        upTo,
        "--tls-key-path",
        "/tmp/client.key");
    add(c, "plan version", "--to", new String[] {"plan", "-i", "INV", "--to"}, "1.31.2");
    add(
        c,
        "plan max-unavailable",
        "--max-unavailable",
        new String[] {"plan", "-i", "INV", "--to", "v1.31.2"},
        "--max-unavailable",
        "0%");
    add(
        c,
        "inventory that does not exist",
        "missing.yaml",
        new String[] {"upgrade", "--to", "v1.31.2", "-i"},
        "DIR/missing.yaml");
    add(
        c,
        "inventory that is a directory",
        "is not a regular file",
        new String[] {"upgrade", "--to", "v1.31.2", "-i"},
        "DIR");
    add(
        c,
        "inventory path of 100 KB",
        "/tmp/aaaa",
        new String[] {"upgrade", "--to", "v1.31.2", "-i"},
        "/tmp/" + HUGE);
    add(
        c,
        "inventory path with a NUL",
        "--inventory",
        new String[] {"upgrade", "--to", "v1.31.2", "-i"},
        "/tmp/lab\u0000.yaml");
    String[] drain = {"drain", "-i", "INV"};
    add(c, "drain unknown node", "NODE", drain, "w-9");
    add(c, "drain node with a command", "NODE", drain, "w-1;reboot");
    add(c, "drain node with a path", "NODE", drain, "../w-1");
    add(c, "drain node in unicode", "NODE", drain, "w\u00e9-1");
    add(c, "drain node of 100 KB", "NODE", drain, HUGE);
    add(c, "drain timeout in words", "--timeout", drain, "w-1", "--timeout", "ten minutes");
    add(c, "drain negative timeout", "--timeout", drain, "w-1", "--timeout", "-5m");
    add(c, "drain grace period text", "--grace-period", drain, "w-1", "--grace-period", "soon");
    add(c, "drain boolean that is not one", "--force", drain, "w-1", "--force=maybe");
    add(c, "uncordon unknown node", "NODE", new String[] {"uncordon", "-i", "INV"}, "w-9");
    add(c, "uncordon node with a space", "NODE", new String[] {"uncordon", "-i", "INV"}, "w 1");
    add(c, "approve ID with spaces", "ID", new String[] {"approve"}, "bosun:lab1 ; rm");
    add(c, "approve ID of 100 KB", "ID", new String[] {"approve"}, "bosun:" + HUGE);
    add(c, "pause ID in unicode", "ID", new String[] {"pause"}, "bosun:l\u00e4b1");
    add(
        c,
        "resume cluster with a command",
        "--cluster",
        new String[] {"resume", "--cluster"},
        "lab1$(id)");
    add(c, "abort without a reason", "--reason", new String[] {"abort", "--cluster"}, "lab1");
    add(
        c,
        "abort with cluster and ID",
        "--cluster",
        new String[] {"abort", "--reason", "x", "--cluster", "lab1"},
        "bosun:lab1");
    add(
        c,
        "retry node with a command",
        "NODE",
        new String[] {"retry", "--cluster", "lab1"},
        "w-1;id");
    add(c, "skip node of 100 KB", "NODE", new String[] {"skip", "--cluster", "lab1"}, HUGE);
    add(c, "watch ID with a newline", "ID", new String[] {"watch"}, "bosun:lab1\nbosun:lab2");
    add(c, "status cluster in capitals", "--cluster", new String[] {"status", "--cluster"}, "LAB1");
    return c.stream();
  }

  private static void add(
      List<Arguments> cases, String name, String names, String[] head, String... tail) {
    List<String> args = new ArrayList<>(List.of(head));
    args.addAll(List.of(tail));
    cases.add(Arguments.of(name, names, args));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @Timeout(60) // a command that starts a workflow waits for a worker this server does not have
  void testHostileArgumentIsRefusedWithExitTwoNamingIt(
      String name, String names, List<String> args) {
    List<String> line = new ArrayList<>();
    for (String a : args) {
      line.add(a.replace("INV", inventory).replace("DIR", dir.toString()));
    }
    if (!line.contains("--address")) {
      line.add("--address");
      line.add(server.settings().address());
    }

    Cli.Result r = Cli.run(line);

    String shown = r.toString().length() > 2000 ? r.toString().substring(0, 2000) : r.toString();
    assertThat(r.exit()).as("%s: %s", name, shown).isEqualTo(2);
    assertThat(r.err()).as("%s: %s", name, shown).contains(names.replace("DIR", dir.toString()));
    assertThat(r.err().length())
        .as("%s: the error does not repeat a 100 KB argument", name)
        .isLessThan(4_000);
  }
}
