package dev.bosun.workflows.backup;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;

/** The steps of an off-host backup, in the order they run; a failed report names the one that failed. */
public enum BackupStep implements Labelled {
  VALIDATE,
  SENTINEL,
  ETCD_SNAPSHOT,
  VELERO_BACKUP,
  OFF_HOST_COPY,
  VERIFY,
  CLEAN_STAGING,
  RETENTION;

  @JsonValue
  @Override
  public String toString() {
    return Labels.of(this);
  }
}
