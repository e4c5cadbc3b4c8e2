package dev.bosun.workflows.activities;

/** @param wasCordoned the node was already unschedulable before this call */
public record CordonResult(String node, boolean wasCordoned) {}
