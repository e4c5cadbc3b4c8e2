package dev.bosun.workflows.drain;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.bosun.workflows.Labels;
import dev.bosun.workflows.Labels.Labelled;

/** How a drain ended. The JSON (histories, the CLI's --output json) is the label: drained, refused, timed-out. */
public enum DrainOutcome implements Labelled {
  /** Every evictable pod is gone. */
  DRAINED,
  /** The plan refused: unmanaged, emptyDir or DaemonSet pods that the options do not allow to go. */
  REFUSED,
  /** The timeout passed with pods still on the node (PDB-blocked or slow to terminate). */
  TIMED_OUT;

  @JsonValue
  @Override
  public String toString() {
    return Labels.of(this);
  }
}
