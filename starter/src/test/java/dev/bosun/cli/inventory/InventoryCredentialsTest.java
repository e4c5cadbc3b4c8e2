package dev.bosun.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.activities.node.NodeCommands;
import dev.bosun.workflows.model.KubeVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, holes 2 and 7, and "errors quote input sparingly": credentials inside values are refused
 * without being echoed (the inventory is the workflow input, so they would land in history), and the
 * repository URL rule of {@code validate} is the activity's.
 */
class InventoryCredentialsTest {

  static final String SECRET = "s3cr3tT0ken";
  static final String BACKUP =
      "backup:\n  offHost: { tool: rclone, source: \"minio:velero\", destination: \"nas:lab1\" }\n";
  static final String DRILL =
      "drill:\n  checks:\n    - { kind: http-probe, url: \"https://app.lab/health\", expected: \"200\" }\n";

  final Path tmp;
  final InventoryFixture f;

  InventoryCredentialsTest(@TempDir Path tmp) throws IOException {
    this.tmp = tmp;
    this.f = new InventoryFixture(tmp);
  }

  /** name, find in BASE (+ BACKUP + DRILL), replace, the path the error must name. */
  static Stream<Arguments> credentials() {
    return Stream.of(
        Arguments.of(
            "repository user:token",
            "version: v1.30.6",
            "version: v1.30.6\n  packageRepository: https://mirror:" + SECRET + "@mirror.lab/k8s",
            "kubernetes.packageRepository"),
        Arguments.of(
            "repository token only",
            "version: v1.30.6",
            "version: v1.30.6\n  packageRepository: https://" + SECRET + "@mirror.lab/k8s",
            "kubernetes.packageRepository"),
        Arguments.of(
            "drill URL user:password",
            "https://app.lab/health",
            "https://admin:" + SECRET + "@app.lab/health",
            "drill.checks[0].url"),
        Arguments.of(
            "rclone connection string",
            "minio:velero",
            ":s3,access_key_id=AKIA1,secret_access_key=" + SECRET + ":velero",
            "backup.offHost.source"),
        Arguments.of(
            "restic rest URL with password",
            "nas:lab1",
            "rest:https://bosun:" + SECRET + "@nas.lab/lab1",
            "backup.offHost.destination"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("credentials")
  void credentialsInsideValuesAreRefusedWithoutEchoingThem(
      String name, String find, String replace, String path) {
    InventoryResult r = f.parse((InventoryFixture.BASE + BACKUP + DRILL).replace(find, replace));

    assertThat(r.valid()).as(name).isFalse();
    assertThat(String.join("\n", r.renderedErrors())).contains(path).doesNotContain(SECRET);
  }

  /** The URLs both sides must agree on: validate accepts exactly what the activity will use. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://pkgs.k8s.io/core:/stable:", "https://mirror.lab:8443/k8s", "https://10.0.0.5/k8s/",
            "http://mirror.lab/k8s",
        "https://mirror.lab/k8s?x=1", "https://mirror.lab/a b", "https://mirror.lab/$(id)",
            "https://mirror.lab/../etc",
        "ftp://mirror.lab/k8s", "https://u:p@mirror.lab/k8s", "https://mirror_lab/k8s",
            "https://mirror.lab/k8s#frag"
      })
  void validateAndTheActivityApplyTheSameRepositoryUrlRule(String url) {
    boolean validates = f.parseEdited(
            "version: v1.30.6", "version: v1.30.6\n  packageRepository: \"" + url + "\"")
        .valid();
    boolean activityAccepts;
    try {
      NodeCommands.repositoryLine(url, KubeVersion.parse("v1.31.2"));
      activityAccepts = true;
    } catch (IllegalArgumentException e) {
      activityAccepts = false;
    }
    assertThat(validates).as("validate accepts %s", url).isEqualTo(activityAccepts);
  }

  @Test
  void aFileThatIsNotAnInventoryIsNeverQuoted() throws IOException {
    Path shadow = tmp.resolve("shadow");
    Files.writeString(
        shadow, "root:$6$Zq8rQ1xw$k3yH4shV4lu3:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n");

    InventoryResult r = new InventoryLoader(f.home).load(shadow);

    assertThat(r.valid()).isFalse();
    assertThat(String.join("\n", r.renderedErrors()))
        .doesNotContain("$6$", "k3yH4shV4lu3", "root:", "daemon");
  }

  @Test
  void anUnknownKeyOrValueIsQuotedOnlyAsAShortPrintablePrefix() {
    String longKey = "k".repeat(30) + "\u0007" + "tail".repeat(30);
    InventoryResult r =
        f.parse(InventoryFixture.BASE + "\"" + longKey.replace("\u0007", "\\a") + "\": x\n");
    String text = String.join("\n", r.renderedErrors());
    assertThat(text).doesNotContain("tailtail", "\u0007");

    InventoryResult v = f.parseEdited("cluster: lab1", "cluster: \"lab1" + "x".repeat(200) + "\"");
    assertThat(String.join("\n", v.renderedErrors())).doesNotContain("x".repeat(60));
  }

  /** validate reads the operator's kubeconfig with the worker's rules: what it passes, the activity uses. */
  @Test
  void aKubeconfigThatWouldRunACommandFailsValidation() throws IOException {
    Path conf = tmp.resolve("lab1.conf");
    Files.writeString(
        conf,
        "apiVersion: v1\nclusters:\n- name: k\n  cluster: { server: \"https://10.0.0.1:6443\" }\n"
            + "contexts:\n- name: c\n  context: { cluster: k, user: u }\ncurrent-context: c\n"
            + "users:\n- name: u\n  user:\n    exec: { command: /bin/sh, args: [\"-c\", \"" + SECRET
            + "\"] }\n");

    InventoryResult r =
        f.parseEdited("version: v1.30.6", "version: v1.30.6\n  kubeconfig: " + conf);

    assertThat(String.join("\n", r.renderedErrors()))
        .contains("kubernetes.kubeconfig", "users[0].user.exec is not allowed")
        .doesNotContain(SECRET, "/bin/sh");
    Files.writeString(
        conf, Files.readString(conf).replaceFirst("(?s)    exec:.*", "    token: abc\n"));
    assertThat(f.parseEdited("version: v1.30.6", "version: v1.30.6\n  kubeconfig: " + conf)
            .valid())
        .isTrue();
  }
}
