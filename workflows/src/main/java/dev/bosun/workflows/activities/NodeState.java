package dev.bosun.workflows.activities;

/** A node as the API server reports it. */
public record NodeState(
    String name,
    String kubeletVersion,
    boolean ready,
    boolean unschedulable,
    boolean controlPlane) {}
