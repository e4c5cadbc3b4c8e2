package dev.bosun.workflows.backup;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;

/** Values of the search attribute BosunBackupResult. */
public enum BackupResult implements Labelled {
  RUNNING,
  SUCCEEDED,
  FAILED;

  @JsonValue
  @Override
  public String toString() {
    return Labels.of(this);
  }
}
