package dev.bosun.workflows.activities;

/**
 * The result of one host step.
 *
 * @param alreadyDone the host was already in the wanted state; nothing was run
 * @param detail one line for the report (e.g. the last line of kubeadm's output)
 */
public record StepOutcome(boolean alreadyDone, String detail) {

  public static StepOutcome done(String detail) {
    return new StepOutcome(false, detail);
  }

  public static StepOutcome skipped(String detail) {
    return new StepOutcome(true, detail);
  }
}
