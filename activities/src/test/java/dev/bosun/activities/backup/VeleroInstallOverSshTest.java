package dev.bosun.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.activities.ssh.ShellHost;
import dev.bosun.activities.ssh.SshPool;
import dev.bosun.workflows.activities.VeleroInstall;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code velero install} over a real SSH server running /bin/sh, with a test-only {@code velero} on its PATH that
 * records its arguments and the credentials file it was given (mode and bytes) as the real one would read it. The
 * server drops {@code sudo -n} (the test user runs it; the sudoers row is held by lab-sim's SudoersTest). Until
 * lab-sim's own velero program is merged, this is the activity's test over SSH.
 */
class VeleroInstallOverSshTest {

  static final String SECRET =
      "[default]\naws_access_key_id = drill\naws_secret_access_key = s3cr3t-value\n";

  @TempDir
  Path dir;

  @RegisterExtension
  final ShellHost host = new ShellHost();

  private SshPool ssh;
  private Path credentials;

  @BeforeEach
  void start() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path velero = bin.resolve("velero");
    // records argv, then the secret file's mode and bytes; exits with $VELERO_EXIT
    Files.writeString(
        velero,
        String.join(
            "\n",
            "#!/bin/sh",
            "echo \"$@\" > " + dir.resolve("velero.args"),
            "f=''; prev=''",
            "for a in \"$@\"; do [ \"$prev\" = --secret-file ] && f=$a; prev=$a; done",
            "stat -c %a \"$f\" > " + dir.resolve("velero.mode"),
            "cat \"$f\" > " + dir.resolve("velero.secret"),
            "echo \"$f\" > " + dir.resolve("velero.file"),
            "[ -f " + dir.resolve("fail")
                + " ] && { echo 'An error occurred: deployments.apps \"velero\" is forbidden' >&2; exit 1; }",
            "echo 'Velero is installed! ⛵ Use kubectl logs deployment/velero -n velero to view the status.'",
            ""));
    velero.toFile().setExecutable(true);
    credentials = dir.resolve("drill-credentials");
    Files.writeString(credentials, SECRET);
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    ssh = host.start(dir, command -> "PATH=" + bin + ":$PATH; " + command);
  }

  @Test
  void testVeleroGetsEveryAgreedFlagAndAPrivateTempFileThatIsGoneAfterwards() throws Exception {
    new VeleroInstaller(ssh).install(host.target(), install(credentials.toString()));

    String file = Files.readString(dir.resolve("velero.file")).strip();
    assertThat(file).matches("/tmp/bosun-velero-credentials\\.[A-Za-z0-9]{10}");
    assertThat(Files.readString(dir.resolve("velero.args")).strip())
        .isEqualTo(
            "install --kubeconfig /etc/kubernetes/admin.conf --namespace velero --provider aws"
                + " --plugins velero/velero-plugin-for-aws:v1.14.3 --bucket drill-scratch"
                + " --backup-location-config region=us-east-1,s3ForcePathStyle=true,s3Url=http://10.0.9.1:9000"
                + " --secret-file " + file + " --use-volume-snapshots=false --wait");
    assertThat(Files.readString(dir.resolve("velero.mode")).strip()).isEqualTo("600");
    assertThat(Files.readString(dir.resolve("velero.secret"))).isEqualTo(SECRET);
    assertThat(Path.of(file)).doesNotExist();
    assertThat(host.commands()).noneMatch(c -> c.contains("s3cr3t"));
    assertThat(host.commands().get(host.commands().size() - 1)).isEqualTo("rm -f '" + file + "'");
  }

  @Test
  void testAFailedInstallStillRemovesTheFileAndItsErrorHoldsNoSecret() throws Exception {
    Files.writeString(dir.resolve("fail"), "");

    assertThatThrownBy(
            () -> new VeleroInstaller(ssh).install(host.target(), install(credentials.toString())))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("velero install exited 1")
        .hasMessageContaining("is forbidden")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    String file = Files.readString(dir.resolve("velero.file")).strip();
    assertThat(Path.of(file)).doesNotExist();
    try (Stream<Path> tmp = Files.list(Path.of("/tmp"))) {
      assertThat(tmp.map(Path::toString)).doesNotContain(file);
    }
  }

  @Test
  void testBadSettingsAndAMissingCredentialsFileAreRefusedBeforeAnyCommand() {
    assertThatThrownBy(() -> new VeleroInstaller(ssh)
            .install(host.target(), install(dir.resolve("missing").toString())))
        .hasMessageContaining("drill.velero.credentialsFile")
        .hasMessageContaining("is not a readable file on the worker");
    VeleroInstall bad = new VeleroInstall(
        "velero",
        "default",
        "x; reboot",
        "drill-scratch",
        "us-east-1",
        "http://h:9000,x=y",
        credentials.toString());
    assertThatThrownBy(() -> new VeleroInstaller(ssh).install(host.target(), bad))
        .hasMessageContaining("drill.velero.plugins is not an image reference")
        .hasMessageContaining("drill.velero.s3Url");
    assertThat(host.commands()).isEmpty();
  }

  static VeleroInstall install(String credentialsFile) {
    return new VeleroInstall(
        "velero",
        "default",
        "velero/velero-plugin-for-aws:v1.14.3",
        "drill-scratch",
        "us-east-1",
        "http://10.0.9.1:9000",
        credentialsFile);
  }
}
