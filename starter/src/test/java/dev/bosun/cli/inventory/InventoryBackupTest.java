package dev.bosun.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.workflows.backup.BackupPlan;
import dev.bosun.workflows.model.BackupSpec;
import dev.bosun.workflows.model.Inventory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inventory's {@code backup} section: every key read, every bad value named with its field and rule. */
class InventoryBackupTest {

  private static final String FULL = """
      backup:
        etcdSnapshot: false
        velero:
          namespace: velero
          storageLocation: default
          includeNamespaces: [shop, web]
          excludeNamespaces: [kube-system]
          selector: { app.kubernetes.io/part-of: shop }
          ttl: 720h
          allowPartiallyFailed: true
          timeout: 20m
        offHost:
          tool: rclone
          source: "minio:velero"
          destination: "nas:lab1-velero"
          rcloneConfig: ~/.config/rclone/rclone.conf
          stagingDir: /var/tmp/bosun
          keepLast: 7
          keepDays: 30
      """;

  @TempDir
  Path tmp;

  private InventoryFixture f;

  @BeforeEach
  void fixture() throws IOException {
    f = new InventoryFixture(tmp);
  }

  @Test
  void testEveryKeyIsRead() {
    InventoryResult r = f.parse(InventoryFixture.BASE + FULL);

    assertThat(r.renderedErrors()).isEmpty();
    BackupSpec b = r.inventory().backup();
    assertThat(b.etcdSnapshot()).isFalse();
    assertThat(b.velero())
        .isEqualTo(new BackupSpec.VeleroSpec(
            "velero",
            "default",
            List.of("shop", "web"),
            List.of("kube-system"),
            Map.of("app.kubernetes.io/part-of", "shop"),
            Duration.ofHours(720),
            true,
            Duration.ofMinutes(20)));
    assertThat(b.offHost())
        .isEqualTo(new BackupSpec.OffHostSpec(
            "rclone",
            "minio:velero",
            "nas:lab1-velero",
            null,
            7,
            30,
            "~/.config/rclone/rclone.conf",
            "/var/tmp/bosun"));
    // and the plan a run makes of it passes the same rules
    BackupPlan plan = BackupPlan.of(r.inventory(), 0);
    assertThat(plan.backupName()).isEqualTo("bosun-lab1-19700101000000");
    assertThat(plan.velero().ttl()).isEqualTo("720h0m0s");
  }

  @Test
  void testRunOnANodeSpellsPathsOut() {
    InventoryResult r =
        f.parse(InventoryFixture.BASE + FULL.replace("stagingDir: /var/tmp/bosun", "runOn: w-1"));

    assertThat(r.renderedErrors()).isEmpty();
    assertThat(r.inventory().backup().offHost().runOn()).isEqualTo("w-1");
    // ~ would be the worker's home, not w-1's: the plan (checked before anything starts) says so
    assertThatThrownBy(() -> BackupPlan.of(r.inventory(), 0))
        .hasMessageContaining(
            "backup.offHost.stagingDir must be an absolute path when backup.offHost.runOn is set")
        .hasMessageContaining(
            "backup.offHost.rcloneConfig must be an absolute path when backup.offHost.runOn is set");
    InventoryResult unknown =
        f.parse(InventoryFixture.BASE + FULL.replace("stagingDir: /var/tmp/bosun", "runOn: nas-1"));
    assertThatThrownBy(() -> BackupPlan.of(unknown.inventory(), 0))
        .hasMessageContaining("backup.offHost.runOn names no node of nodes: nas-1");
  }

  @Test
  void testDefaults() {
    InventoryResult r = f.parse(
        InventoryFixture.BASE
            + "backup: { velero: {}, offHost: { tool: rclone, source: \"s3:velero\", destination: /mnt/nas/lab1 } }\n");

    Inventory inv = r.inventory();
    assertThat(r.renderedErrors()).isEmpty();
    assertThat(inv.backup().etcdSnapshot()).isTrue();
    assertThat(inv.backup().velero().timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(inv.backup().velero().allowPartiallyFailed()).isFalse();
    assertThat(inv.backup().offHost().stagingDir()).isEqualTo("~/.bosun/backup-staging");
    assertThat(inv.backup().offHost().keepLast()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "keepDays negative      | keepDays: 30                       | keepDays: -1                | backup.offHost.keepDays: '-1'                | must be 0 (no age limit) or more",
        "keepLast not a number  | keepLast: 7                        | keepLast: seven             | backup.offHost.keepLast                      | ",
        "rcloneConfig relative  | rcloneConfig: ~/.config/rclone/rclone.conf | rcloneConfig: rclone.conf | backup.offHost.rcloneConfig: 'rclone.conf' | must be an absolute path or one under ~/",
        "tool unknown           | tool: rclone                       | tool: rsync                 | backup.offHost.tool: 'rsync'                 | is not a supported copy tool: must be rclone or restic",
        "selector value invalid | { app.kubernetes.io/part-of: shop } | { app: 'a b' }             | backup.velero.selector: 'a b'                | has an invalid value for app",
        "selector key invalid   | { app.kubernetes.io/part-of: shop } | { 'bad key': x }           | backup.velero.selector: 'bad key'            | must be a label key",
        "namespaces not a list  | includeNamespaces: [shop, web]     | includeNamespaces: shop     | backup.velero.includeNamespaces: 'shop'      | must be a list of namespaces",
        "namespace invalid      | includeNamespaces: [shop, web]     | includeNamespaces: [Shop]   | backup.velero.includeNamespaces: 'Shop'      | lists an invalid namespace",
        "ttl too short          | ttl: 720h                          | ttl: 10s                    | backup.velero.ttl: '10s'                     | must be a duration of at least 1 minute",
        "ttl not a duration     | ttl: 720h                          | ttl: forever                | backup.velero.ttl: 'forever'                 | is not a valid duration",
        "unknown key            | allowPartiallyFailed: true         | allowPartialFailure: true   | backup.velero.allowPartialFailure            | is not a known key (did you mean 'allowPartiallyFailed'?)",
        "runOn not a name       | stagingDir: /var/tmp/bosun         | runOn: 'cp 1'               | backup.offHost.runOn: 'cp 1'                 | must name a node of nodes",
        "connection string      | destination: \"nas:lab1-velero\"   | destination: \":s3,secret_access_key=abc:b\" | backup.offHost.destination | has key=value parameters",
      })
  void testRefused(String name, String find, String replace, String where, String rule) {
    String yaml = InventoryFixture.BASE + FULL.replace(find.strip(), replace.strip());
    assertThat(yaml).contains(replace.strip());

    InventoryResult r = f.parse(yaml);

    assertThat(r.valid()).isFalse();
    assertThat(r.renderedErrors())
        .anySatisfy(line ->
            assertThat(line).contains(where.strip()).contains(rule == null ? "" : rule.strip()));
    assertThat(String.join("\n", r.renderedErrors())).doesNotContain("secret_access_key=abc");
  }
}
