package dev.bosun.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.activities.ssh.ShellHost;
import dev.bosun.workflows.activities.StagedFile;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetchFromNode} over a real SSH server running {@code /bin/sh}: the snapshot's raw bytes streamed into the
 * staging folder while hashed, and compared with the node's {@code sha256sum}. The server drops the {@code sudo -n}
 * prefix (the test user owns the file); the sudoers row is held by lab-sim's SudoersTest.
 */
class FetchFromNodeOverSshTest {

  private static final String NAME = "bosun-lab1-20261207t010203z";

  @TempDir
  Path dir;

  @RegisterExtension
  final ShellHost host = new ShellHost();

  @Test
  void testABinarySnapshotLargerThanAnyBufferArrivesByteForByte() throws Exception {
    BackupActivitiesImpl activities = activities(UnaryOperator.identity());
    byte[] snapshot =
        new byte[24 * 1024 * 1024 + 17]; // every byte value, not a multiple of any chunk
    new Random(7).nextBytes(snapshot);
    Path remote = Files.write(dir.resolve(NAME + "-etcd.db"), snapshot);
    Path staging = dir.resolve("staging");
    // a .part left by an attempt that died mid-stream: the retry starts it afresh
    Path part =
        Files.createDirectories(staging.resolve(NAME + "/etcd")).resolve(NAME + "-etcd.db.part");
    Files.write(part, new byte[] {9, 9, 9});

    StagedFile f =
        activities.fetchFromNode(host.target(), remote.toString(), staging.toString(), NAME);

    assertThat(f.bytes()).isEqualTo(snapshot.length);
    assertThat(f.sha256()).isEqualTo(BackupActivitiesImpl.sha256(snapshot));
    assertThat(f.name()).isEqualTo("etcd/" + NAME + "-etcd.db");
    assertThat(Files.readAllBytes(Path.of(f.localPath()))).isEqualTo(snapshot);
    assertThat(part).doesNotExist();
  }

  @Test
  void testBytesThatDoNotMatchTheNodesChecksumAreRefusedAndNothingIsStaged() throws Exception {
    // the node's sha256sum is of the file; what arrives has one more byte (a damaged stream)
    BackupActivitiesImpl activities =
        activities(c -> c.startsWith("cat ") ? "{ " + c + "; printf x; }" : c);
    Path remote = Files.write(dir.resolve(NAME + "-etcd.db"), new byte[] {1, 2, 3, 4});
    Path staging = dir.resolve("staging");

    assertThatThrownBy(() ->
            activities.fetchFromNode(host.target(), remote.toString(), staging.toString(), NAME))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("has sha256 " + BackupActivitiesImpl.sha256(new byte[] {1, 2, 3, 4}))
        .hasMessageContaining("5 bytes received")
        .satisfies(e -> {
          assertThat(((ApplicationFailure) e).getType()).isEqualTo("ChecksumMismatch");
          assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue();
        });
    try (Stream<Path> left = Files.walk(staging)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void testAFileTheNodeCannotReadFailsNamingTheCommand() throws Exception {
    BackupActivitiesImpl activities = activities(UnaryOperator.identity());
    assertThatThrownBy(() -> activities.fetchFromNode(
            host.target(),
            dir.resolve("missing-etcd.db").toString(),
            dir.resolve("staging").toString(),
            NAME))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("sha256sum")
        .hasMessageContaining("No such file");
  }

  @Test
  void testABackupNameThatIsAPathIsRefusedBeforeAnyCommand() throws Exception {
    BackupActivitiesImpl activities = activities(UnaryOperator.identity());
    assertThatThrownBy(() -> activities.fetchFromNode(
            host.target(),
            dir.resolve("x-etcd.db").toString(),
            dir.resolve("staging").toString(),
            "../../etc"))
        .isInstanceOf(ApplicationFailure.class)
        .satisfies(e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo("InvalidInput"));
    assertThat(host.commands()).isEmpty();
  }

  /** Activities over {@link #host}, whose shell runs each command rewritten by {@code rewrite}. */
  private BackupActivitiesImpl activities(UnaryOperator<String> rewrite) throws Exception {
    return new BackupActivitiesImpl(null, host.start(dir, rewrite));
  }
}
