package dev.bosun.workflows.init;

import java.util.List;

/**
 * @param phase validating, provisioning, bootstrapping, initialising, joining control planes, joining workers,
 *     waiting for Ready, labelling, waiting for operator, compensating, done
 * @param waitingNode the failed node waiting for retry / skip / abort, else null
 */
public record InitProgress(
    String cluster,
    String phase,
    String details,
    List<InitNodeRow> nodes,
    String waitingNode,
    String failure) {}
