package dev.bosun.workflows.drill;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;

/** Values of the search attribute BosunDrillResult. */
public enum DrillResult implements Labelled {
  RUNNING,
  PASSED,
  FAILED;

  @JsonValue
  @Override
  public String toString() {
    return Labels.of(this);
  }
}
