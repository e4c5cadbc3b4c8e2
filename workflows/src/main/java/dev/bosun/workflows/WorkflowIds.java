package dev.bosun.workflows;

import dev.bosun.workflows.model.KubeVersion;

/**
 * Workflow IDs. Every mutating operation on a cluster runs under the same ID, {@code bosun:<cluster>}:
 * Temporal's workflow ID uniqueness is the per-cluster lock (a second start fails while one runs), and
 * the ID says which cluster it is in the UI. Children and read-only runs carry longer, descriptive IDs.
 */
public final class WorkflowIds {

  private WorkflowIds() {}

  /** The one mutating operation of a cluster (upgrade, drain, uncordon, init, restore...). */
  public static String mutation(String cluster) {
    return "bosun:" + cluster;
  }

  /** A node's child workflow in a rolling upgrade; attempt > 1 after an operator's retry. */
  public static String nodeUpgrade(String cluster, KubeVersion target, String node, int attempt) {
    String id = "bosun:" + cluster + ":upgrade:" + target + ":" + node;
    return attempt > 1 ? id + ":attempt-" + attempt : id;
  }

  /** A read-only certificate check ({@code bosun certs} without --renew); {@code suffix} makes it unique. */
  public static String certificates(String cluster, String suffix) {
    return "bosun:" + cluster + ":certs:" + suffix;
  }

  /** A read-only plan; {@code suffix} makes it unique (the CLI passes a timestamp). */
  public static String plan(String cluster, String suffix) {
    return "bosun:" + cluster + ":plan:" + suffix;
  }

  /** The teardown of a drill's scratch cluster ({@code bosun destroy}'s workflow, as the drill's child). */
  public static String scratchTeardown(String scratchCluster) {
    return "bosun:" + scratchCluster + ":teardown";
  }
}
