package dev.bosun.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Heartbeats to the current activity if there is one. The SSH layer also runs outside activities (tests,
 * benchmarks, the CLI), where this is a no-op.
 */
public interface Heartbeat {

  Heartbeat NONE = detail -> {};

  void beat(String detail);

  /** The calling thread's activity context, or {@link #NONE}. Call on the activity thread. */
  static Heartbeat current() {
    ActivityExecutionContext ctx;
    try {
      ctx = Activity.getExecutionContext();
    } catch (RuntimeException notInActivity) {
      return NONE;
    }
    return ctx::heartbeat;
  }
}
