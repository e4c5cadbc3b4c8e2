package dev.bosun.workflows.upgrade;

import dev.bosun.workflows.model.NodeRole;

/**
 * One line of the live node table (progress query, current details, {@code bosun watch}).
 *
 * @param state pending, running, awaiting-operator, upgraded, already-at-target, skipped, failed, rolled-back
 * @param step the current or last step label (null before the node starts)
 * @param detail a short note: the blocking PDB during a drain, the error when failed
 */
public record NodeRow(
    String node,
    NodeRole role,
    String from,
    String to,
    String state,
    String step,
    String detail,
    long startedAtMillis,
    long finishedAtMillis) {}
