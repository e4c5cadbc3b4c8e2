package dev.bosun.cli.command;

import picocli.CommandLine.Option;

/** {@code --auto-resolve retry|abort} of the demos that make a node fail (a picocli mixin). */
final class AutoResolveOption {

  @Option(
      names = "--auto-resolve",
      paramLabel = "retry|abort",
      description = "Answer the failed node by itself: clear the fault and retry, or abort.")
  String mode;

  /**
   * The mode, null when a human answers; refused unless retry or abort, and when no fault is asked for.
   *
   * @param faultFlags the flags that ask for a fault, for the error
   */
  String mode(boolean faulted, String faultFlags) {
    if (mode != null && !mode.equals("retry") && !mode.equals("abort")) {
      throw new IllegalArgumentException(
          "--auto-resolve must be retry or abort, got '" + mode + "'");
    }
    if (mode != null && !faulted) {
      throw new IllegalArgumentException(
          "--auto-resolve needs a failure to resolve: add " + faultFlags);
    }
    return mode;
  }
}
