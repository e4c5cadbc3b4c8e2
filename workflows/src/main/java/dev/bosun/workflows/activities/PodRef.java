package dev.bosun.workflows.activities;

/** A pod by namespace and name, with what the drain needs to know about it. */
public record PodRef(String namespace, String name, int gracePeriodSeconds) {

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
