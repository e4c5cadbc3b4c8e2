package dev.bosun.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.workflows.activities.VeleroStatus;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The phase rule, phase by phase (Velero v1.18's enum, an empty phase, one Velero may add later). */
class VeleroPhaseTest {

  @ParameterizedTest(name = "{0} allowPartial={1} -> terminal={2} succeeded={3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                        | false | false | false | is New",
        "New                                       | false | false | false | is New",
        "Queued                                    | false | false | false | is Queued",
        "ReadyToStart                              | false | false | false | is ReadyToStart",
        "InProgress                                | false | false | false | is InProgress (3/16 items)",
        "WaitingForPluginOperations                | false | false | false | is WaitingForPluginOperations",
        "WaitingForPluginOperationsPartiallyFailed | true  | false | false | is WaitingForPluginOperationsPartiallyFailed",
        "Finalizing                                | false | false | false | is Finalizing",
        "FinalizingPartiallyFailed                 | true  | false | false | is FinalizingPartiallyFailed",
        "Deleting                                  | false | false | false | is Deleting",
        "Completed                                 | false | true  | true  | Completed (3/16 items, 2 errors, 1 warnings)",
        "PartiallyFailed                           | false | true  | false | PartiallyFailed (3/16 items, 2 errors, 1 warnings) (a failure: set backup.velero.allowPartiallyFailed",
        "PartiallyFailed                           | true  | true  | true  | (accepted: backup.velero.allowPartiallyFailed is true)",
        "Failed                                    | true  | true  | false | Failed: error downloading backup: NoSuchKey",
        "FailedValidation                          | true  | true  | false | FailedValidation: backup can't be created because backup storage location default is currently in read-only mode",
        "Exploded                                  | true  | false | false | is in an unknown phase 'Exploded'",
      })
  void testEachPhase(
      String phase, boolean allowPartial, boolean terminal, boolean succeeded, String reason) {
    VeleroStatus s = new VeleroStatus(
        "Backup",
        "b1",
        phase,
        2,
        1,
        "error downloading backup: NoSuchKey",
        List.of(
            "backup can't be created because backup storage location default is currently in read-only mode"),
        16,
        3,
        0,
        0,
        null,
        null);

    VeleroPhase.Verdict v = VeleroPhase.judge(s, allowPartial);

    assertThat(v.terminal()).isEqualTo(terminal);
    assertThat(v.phase().terminal()).isEqualTo(terminal);
    assertThat(v.succeeded()).isEqualTo(succeeded);
    assertThat(v.reason()).startsWith("Backup b1").contains(reason);
  }

  @ParameterizedTest(name = "Completed with {0}/{1} volume snapshots -> succeeded={2}")
  @CsvSource({"0, 0, true", "2, 2, true", "2, 1, false"})
  void testCompletedWithFailedVolumeSnapshotsIsAFailure(
      long attempted, long completed, boolean ok) {
    VeleroStatus s = new VeleroStatus(
        "Backup", "b1", "Completed", 0, 0, null, null, 5, 5, attempted, completed, null, null);

    VeleroPhase.Verdict v = VeleroPhase.judge(s, true);

    assertThat(v.succeeded()).isEqualTo(ok);
    if (!ok) {
      assertThat(v.reason()).contains("only 1 of 2 volume snapshots completed");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "Failed, Velero gave no failureReason",
    "FailedValidation, Velero gave no validationErrors"
  })
  void testAFailureWithoutVelerosReasonSaysSo(String phase, String reason) {
    VeleroStatus s =
        new VeleroStatus("Restore", "r1", phase, 0, 0, null, null, 0, 0, 0, 0, null, null);

    assertThat(VeleroPhase.judge(s, false).reason())
        .isEqualTo("Restore r1 " + phase + ": " + reason);
  }
}
