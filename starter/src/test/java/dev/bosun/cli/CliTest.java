package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Timeout(
    value = 10,
    unit = TimeUnit.MINUTES) // a hung watch or server fails the test instead of hanging CI
class CliTest {

  static final String[] COMMANDS = {
    "validate",
    "plan",
    "init",
    "destroy",
    "upgrade",
    "drain",
    "uncordon",
    "backup",
    "drill",
    "schedule",
    "status",
    "watch",
    "approve",
    "pause",
    "resume",
    "retry",
    "skip",
    "abort",
    "demo",
    "worker",
    "lab-sim"
  };

  @TempDir
  Path tmp;

  Path inventory;

  @BeforeEach
  void files() throws IOException {
    Path key = tmp.resolve("id_ed25519");
    Files.writeString(key, "placeholder\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(tmp.resolve("known_hosts"), "");
    inventory = tmp.resolve("lab.yaml");
    Files.writeString(inventory, """
        cluster: lab1
        kubernetes: { version: v1.30.6, controlPlaneEndpoint: 192.168.56.10:6443 }
        ssh: { user: vagrant, privateKey: id_ed25519, knownHosts: known_hosts }
        nodes:
          - { name: cp-1, role: control-plane, address: 192.168.56.11 }
          - { name: cp-2, role: control-plane, address: 192.168.56.12 }
          - { name: w-1, role: worker, address: 192.168.56.21 }
        """);
  }

  @Test
  void testValidInventoryExitsZeroWithOneLineSummaryAndWarnings() {
    CliRun r = CliRun.run("validate", "-i", inventory.toString());

    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .isEqualTo(
            inventory
                + ": valid: cluster lab1, Kubernetes v1.30.6, 2 control planes + 1 worker, 1 warning\n");
    assertThat(r.err())
        .startsWith(
            "warning: " + inventory + ":5:3: nodes: 2 control planes: etcd needs a majority");
  }

  @Test
  void testInvalidInventoryExitsTwoListingEveryProblem() throws IOException {
    Files.writeString(
        inventory,
        Files.readString(inventory)
            .replace("name: w-1", "name: \"w-1;reboot\"")
            .replace("v1.30.6", "v1.31"));
    CliRun r = CliRun.run("validate", "-i", inventory.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList())
        .containsExactly(
            inventory
                + ":2:24: kubernetes.version: 'v1.31' is not a valid Kubernetes version: must be vMAJOR.MINOR.PATCH, e.g. v1.31.2",
            inventory
                + ":7:13: nodes[2].name: 'w-1;reboot' is not a valid node name: must be an RFC 1123 label"
                + " (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)",
            "warning: " + inventory
                + ":5:3: nodes: 2 control planes: etcd needs a majority, so an even count tolerates no more failures"
                + " than one fewer; prefer 1, 3 or 5",
            "bosun validate: " + inventory + " is invalid (2 problems)");
  }

  @Test
  void testJsonOutput() throws IOException {
    Files.writeString(
        inventory, Files.readString(inventory).replace("address: 192.168.56.21", "address: $(id)"));
    CliRun r = CliRun.run("validate", "-i", inventory.toString(), "--output", "json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out())
        .contains(
            "\"valid\" : false",
            "\"path\" : \"nodes[2].address\"",
            "\"value\" : \"$(id)\"",
            "\"line\" : 7");
  }

  @Test
  void testMissingFileIsBadInput() {
    CliRun r = CliRun.run("validate", "-i", tmp.resolve("nope.yaml").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith(tmp.resolve("nope.yaml") + ": does not exist");
  }

  @Test
  void testBadArgumentsExitTwoWithUsageHint() {
    CliRun missing = CliRun.run("validate");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo(
            "bosun validate: Missing required option: '--inventory=FILE'\nTry 'bosun validate --help' for usage.\n");

    CliRun typo = CliRun.run("valdate");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err())
        .contains("Unmatched argument at index 0: 'valdate'", "Did you mean: bosun validate");

    CliRun badEnum = CliRun.run("validate", "-i", inventory.toString(), "--output", "xml");
    assertThat(badEnum.exit()).isEqualTo(2);
    assertThat(badEnum.err()).contains("--output", "xml", "text, json");
  }

  @Test
  void testHelpListsTheCommandTreeAndExitCodes() {
    CliRun r = CliRun.run("--help");

    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains(COMMANDS)
        .contains("Exit codes:", "3   Temporal unreachable", "5   waiting for an operator");
    assertThat(Bosun.commandLine().getSubcommands().keySet()).contains(COMMANDS);
  }

  @ParameterizedTest(name = "bosun {0} --help has a description and an example")
  @ValueSource(
      strings = {
        "validate",
        "plan",
        "init",
        "destroy",
        "upgrade",
        "drain",
        "uncordon",
        "certs",
        "backup",
        "drill",
        "schedule",
        "status",
        "watch",
        "approve",
        "pause",
        "resume",
        "retry",
        "skip",
        "abort",
        "demo",
        "worker",
        "lab-sim"
      })
  void testEverySubcommandHasHelpWithAnExample(String name) {
    CliRun r = CliRun.run(name, "--help");

    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .startsWith("Usage: bosun " + name)
        .containsPattern("Examples?:\\n  bosun " + name);
  }

  /** Every command one level down (lab-sim start, demo init, plan init, …) answers -h and --help too. */
  @Test
  void testEveryNestedSubcommandHasHelp() {
    java.util.List<String> nested = new java.util.ArrayList<>();
    Bosun.commandLine()
        .getSubcommands()
        .forEach(
            (name, sub) -> sub.getSubcommands().keySet().forEach(n -> nested.add(name + " " + n)));
    assertThat(nested).contains("lab-sim start");
    for (String command : nested) {
      for (String flag : new String[] {"-h", "--help"}) {
        CliRun r = CliRun.run((command + " " + flag).split(" "));
        assertThat(r.exit()).as("bosun %s %s: %s", command, flag, r.err()).isEqualTo(0);
        assertThat(r.out()).as("bosun %s %s", command, flag).startsWith("Usage: bosun " + command);
      }
    }
  }

  @Test
  void testVersion() {
    CliRun r = CliRun.run("--version");

    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .startsWith("bosun 0.1.0-SNAPSHOT\nJava 17")
        .contains("Temporal Java SDK 1.38.0");
  }

  @Test
  void testBackupRefusesBadSettingsBeforeStartingAnything() throws IOException {
    CliRun none = CliRun.run("backup", "-i", inventory.toString(), "--address", "127.0.0.1:1");

    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err())
        .contains(
            "bosun backup: backup: the inventory needs a backup section with velero and offHost");

    // a bad field is named by the inventory reader, still before Temporal (here unreachable) is
    // tried
    Files.writeString(inventory, Files.readString(inventory) + """
        backup:
          velero: { namespace: velero }
          offHost: { tool: rclone, source: "s3:velero", destination: /mnt/nas/lab1, rcloneConfig: relative.conf }
        """);
    CliRun bad = CliRun.run("backup", "-i", inventory.toString(), "--address", "127.0.0.1:1");

    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err())
        .contains("backup.offHost.rcloneConfig: 'relative.conf' must be an absolute path");
  }

  @Test
  void testDrillRefusesBadSettingsAndFlagsBeforeStartingAnything() throws IOException {
    CliRun none = CliRun.run("drill", "-i", inventory.toString(), "--address", "127.0.0.1:1");

    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err())
        .contains(
            "drill: the inventory needs a drill section with scratch and velero to run a drill");

    CliRun both = CliRun.run(
        "drill",
        "-i",
        inventory.toString(),
        "--random-within",
        "forever",
        "--address",
        "127.0.0.1:1");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--random-within: ");

    CliRun name = CliRun.run(
        "drill", "-i", inventory.toString(), "--backup", "../etc", "--address", "127.0.0.1:1");
    assertThat(name.exit()).isEqualTo(2);
    assertThat(name.err()).contains("--backup: backup name must be an RFC 1123 label");
  }

  /** The shape of every command that works on a cluster: the shared -i option, loaded first. */
  @Command(name = "needs-inventory")
  static final class NeedsInventory implements Callable<Integer> {
    @CommandLine.Mixin
    dev.bosun.cli.inventory.InventoryOption inventory;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var inv = inventory.load(spec.commandLine().getErr());
      spec.commandLine().getOut().println("loaded " + inv.cluster());
      return 0;
    }
  }

  @Test
  void testCommandsRefuseAnInvalidInventoryBeforeDoingAnything() throws IOException {
    CommandLine cl = Bosun.commandLine();
    cl.addSubcommand(new NeedsInventory());
    assertThat(CliRun.run(cl, "needs-inventory", "-i", inventory.toString()).out())
        .isEqualTo("loaded lab1\n");

    Files.writeString(inventory, Files.readString(inventory).replace("role: worker", "role: boss"));
    CommandLine cl2 = Bosun.commandLine();
    cl2.addSubcommand(new NeedsInventory());
    CliRun r = CliRun.run(cl2, "needs-inventory", "-i", inventory.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList())
        .containsExactly(
            "warning: " + inventory
                + ":5:3: nodes: 2 control planes: etcd needs a majority, so an even count tolerates no more failures"
                + " than one fewer; prefer 1, 3 or 5",
            inventory
                + ":7:24: nodes[2].role: 'boss' is not a valid role: must be control-plane or worker",
            "bosun needs-inventory: " + inventory + " is invalid (1 problem)");
  }

  @Command(name = "explode")
  static final class Explode implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("boom");
    }
  }

  @Test
  void testUnexpectedErrorIsOneLineAndTheStackOnlyWithDebug() {
    CommandLine cl = Bosun.commandLine();
    cl.addSubcommand(new Explode());
    CliRun plain = CliRun.run(cl, "explode");
    assertThat(plain.exit()).isEqualTo(1);
    assertThat(plain.err())
        .isEqualTo(
            "bosun explode: failed: IllegalStateException: boom (run with --debug for details)\n");

    CommandLine cl2 = Bosun.commandLine();
    cl2.addSubcommand(new Explode());
    CliRun debug = CliRun.run(cl2, "explode", "--debug");
    assertThat(debug.exit()).isEqualTo(1);
    assertThat(debug.err())
        .contains(
            "java.lang.IllegalStateException: boom", "\tat dev.bosun.cli.CliTest$Explode.call");
  }
}
