package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused before anything starts (exit 2), naming the flag and the rule. */
@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class BadInputTest {

  @TempDir
  Path tmp;

  String inventory;

  @BeforeEach
  void files() throws IOException {
    inventory = TestInventory.write(tmp);
  }

  @Test
  void testBadTargetVersion() {
    Cli.Result r = Cli.run("upgrade", "-i", inventory, "--to", "v1.31");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "bosun upgrade: --to: version must be vMAJOR.MINOR.PATCH (e.g. v1.31.2), got 'v1.31'\n");
  }

  @Test
  void testBadMaxUnavailableAndPolicies() {
    Cli.Result r = Cli.run("upgrade", "-i", inventory, "--to", "v1.31.2", "--max-unavailable", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("--max-unavailable must be a count (1, 2, …) or a percentage (1%–100%), got '0'");

    Cli.Result policy =
        Cli.run("upgrade", "-i", inventory, "--to", "v1.31.2", "--on-node-failure", "retry");
    assertThat(policy.exit()).isEqualTo(2);
    assertThat(policy.err())
        .contains(
            "--on-node-failure: onNodeFailure must be wait-for-operator, abort or skip, got 'retry'");
  }

  @Test
  void testUnknownNode() {
    Cli.Result drain = Cli.run("drain", "-i", inventory, "w-9");
    assertThat(drain.exit()).isEqualTo(2);
    assertThat(drain.err()).contains("NODE: no node named 'w-9' in cluster lab1");

    Cli.Result uncordon = Cli.run("uncordon", "-i", inventory, "w-9");
    assertThat(uncordon.exit()).isEqualTo(2);
  }

  @Test
  void testBadDrainFlags() {
    Cli.Result r = Cli.run("drain", "-i", inventory, "w-1", "--timeout", "ten minutes");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--timeout: duration must look like 30s, 10m, 1h or 1h30m");
  }

  @Test
  void testInvalidInventoryIsRefusedBeforeAnyTemporal() throws IOException {
    Files.writeString(
        Path.of(inventory),
        Files.readString(Path.of(inventory)).replace("role: worker", "role: boss"));
    Cli.Result r =
        Cli.run("upgrade", "-i", inventory, "--to", "v1.31.2", "--address", "127.0.0.1:1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("nodes[1].role: 'boss' is not a valid role")
        .doesNotContain("Temporal");
  }

  @Test
  void testDemoFlags() {
    assertThat(Cli.run("demo", "--nodes", "0+3").err())
        .contains("--nodes must be CONTROL_PLANES+WORKERS");
    assertThat(Cli.run("demo", "--fail-node", "w-3").err())
        .contains("--fail-node and --fail-step go together");
    Cli.Result api = Cli.run("demo", "--fail-node", "w-3", "--fail-step", "uncordon");
    assertThat(api.exit()).isEqualTo(2);
    assertThat(api.err()).contains("only talks to the Kubernetes API", "kubelet-restart");
    assertThat(Cli.run("demo", "--auto-resolve", "retry").err())
        .contains("--auto-resolve needs a failure to resolve");
  }
}
