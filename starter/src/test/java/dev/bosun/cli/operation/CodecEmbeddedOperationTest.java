package dev.bosun.cli.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Cli;
import dev.bosun.sim.LabSim;
import dev.bosun.sim.LabSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded operation with --codec-*: the CLI's client and its in-process worker encrypt with the same keys, so
 * the worker reads the encrypted input and the CLI the encrypted result; a bad key stops it before anything runs.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CodecEmbeddedOperationTest {

  @TempDir
  Path tmp;

  @Test
  void testEmbeddedDrainWithEncryptedPayloadsCompletes() throws Exception {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    Path keyFile =
        Files.writeString(tmp.resolve("k1.key"), Base64.getEncoder().encodeToString(key));
    try (LabSim lab = LabSim.start(LabSpec.of("lab1", 1, 2, "v1.30.6", tmp))) {
      Cli.Result drain = Cli.run(
          "drain",
          "-i",
          lab.inventoryFile().toString(),
          "w-1",
          "--timeout",
          "1m",
          "--plain",
          "--codec-key-id",
          "k1",
          "--codec-key-file",
          keyFile.toString());

      assertThat(drain.exit()).as(drain.toString()).isEqualTo(0);
      assertThat(drain.out()).contains("Drain w-1: drained");
      assertThat(lab.state().nodeUnschedulable("w-1")).isTrue();
    }
  }

  @Test
  void testShortKeyExits2NamingTheFlagWithoutTheKey() throws Exception {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    Path keyFile = Files.writeString(tmp.resolve("short.key"), shortKey);

    Cli.Result r = Cli.run(
        "watch",
        "--cluster",
        "lab1",
        "--address",
        "127.0.0.1:1",
        "--codec-key-id",
        "k1",
        "--codec-key-file",
        keyFile.toString());

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("--codec-key-file (BOSUN_CODEC_KEY_FILE)")
        .doesNotContain(shortKey);
  }
}
