package dev.bosun.workflows.init;

import java.util.List;

/**
 * @param outcome succeeded, aborted (compensated: what was created is gone) or failed
 */
public record InitReport(
    String cluster,
    String outcome,
    List<InitNodeRow> nodes,
    List<String> notes,
    long durationMillis) {

  public static final String SUCCEEDED = "succeeded";
  public static final String ABORTED = "aborted";
  public static final String FAILED = "failed";
}
