package dev.bosun.workflows.drill;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;

/** The steps of a restore drill, in the order they run; a failed report names the one that failed. */
public enum DrillStep implements Labelled {
  VALIDATE,
  PICK,
  VERIFY_COPY,
  SCRATCH_CLUSTER,
  SCRATCH_BUCKET,
  VELERO_INSTALL,
  BACKUP_SYNC,
  RESTORE,
  OBJECTS_UNCHANGED,
  CHECKS,
  TEARDOWN;

  @JsonValue
  @Override
  public String toString() {
    return Labels.of(this);
  }
}
