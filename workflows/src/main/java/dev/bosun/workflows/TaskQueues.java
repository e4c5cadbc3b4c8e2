package dev.bosun.workflows;

/** Task queue names; the worker and the CLI import these. */
public final class TaskQueues {

  /** Overridable with --task-queue / BOSUN_TASK_QUEUE. */
  public static final String DEFAULT = "bosun";

  private TaskQueues() {}
}
