package dev.bosun.workflows.upgrade;

/** A node's child workflow reports a failed step to the parent. */
public record NodeFailure(
    String node, String step, String error, int attempt, String childWorkflowId) {}
