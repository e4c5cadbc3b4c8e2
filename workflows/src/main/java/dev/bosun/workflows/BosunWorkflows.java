package dev.bosun.workflows;

import java.util.List;

/** Every workflow implementation a Bosun worker registers. */
public final class BosunWorkflows {

  /** Filled as workflows land; the worker registers exactly these. */
  public static final List<Class<?>> IMPLEMENTATIONS = List.of();

  private BosunWorkflows() {}
}
