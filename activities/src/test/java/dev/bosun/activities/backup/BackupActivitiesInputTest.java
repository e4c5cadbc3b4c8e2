package dev.bosun.activities.backup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.workflows.activities.OffHostEntry;
import dev.bosun.workflows.activities.OffHostTarget;
import dev.bosun.workflows.model.HostTarget;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The activities check their own input with the inventory's rules, before any tool runs or any API is asked. */
class BackupActivitiesInputTest {

  private static final OffHostTarget OK =
      new OffHostTarget("rclone", "s3:velero", "/mnt/nas/lab1", null, null, "/var/tmp/bosun");

  // no cluster client and no SSH pool: a check that let anything through would fail on the null
  // instead
  private final BackupActivitiesImpl activities = new BackupActivitiesImpl(null, null);

  @Test
  void testADeleteOfAPathIsRefused() {
    for (String name : List.of("..", "../lab2", "a/b", "")) {
      assertThatThrownBy(() -> activities.deleteOffHost(OK, new OffHostEntry(name, 0, true, null)))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f ->
                  org.assertj.core.api.Assertions.assertThat(f.getType()).isEqualTo("InvalidInput"))
          .hasMessageContaining("backup name must be an RFC 1123 label");
    }
  }

  @Test
  void testAConnectionStringIsRefusedWithoutBeingQuoted() {
    OffHostTarget leaky = new OffHostTarget(
        "rclone",
        ":s3,access_key_id=AKIA1,secret_access_key=s3cr3t:velero",
        "/mnt/nas",
        null,
        null,
        "/var/tmp/b");

    assertThatThrownBy(() -> activities.copyOffHost(leaky, "bosun-lab1-20261207000000", List.of()))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("backup.offHost.source has key=value parameters")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void testResticWithoutAPasswordVariableIsRefused() {
    OffHostTarget restic =
        new OffHostTarget("restic", "s3:velero", "/mnt/nas/restic", null, null, "/var/tmp/b");

    assertThatThrownBy(() -> activities.listOffHost(restic))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("backup.offHost.passwordEnv must name the environment variable");
  }

  @Test
  void testAStagingDirThatIsNotAnAbsolutePathIsRefused() {
    HostTarget cp = new HostTarget(
        "lab1",
        "cp-1",
        "10.0.0.11",
        22,
        "bosun",
        "/keys/id",
        "/keys/known_hosts",
        false,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        null);

    assertThatThrownBy(() -> activities.fetchFromNode(
            cp, "/var/backups/x.db", "relative", "bosun-lab1-20261207000000"))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("backup.offHost.stagingDir");
    assertThatThrownBy(() -> activities.fetchFromNode(
            cp, "/var/backups/x.db;reboot", "/var/tmp/b", "bosun-lab1-20261207000000"))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("path must be absolute");
  }
}
