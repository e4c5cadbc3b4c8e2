package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.node;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.Phase;
import dev.bosun.workflows.activities.EtcdSnapshot;
import dev.bosun.workflows.model.HostTarget;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeSpec;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The etcd snapshot a rolling upgrade takes on its first control plane before it changes anything:
 * one file per upgrade, named after the cluster and the (workflow) time it was taken.
 */
public final class EtcdBackup {

  private static final DateTimeFormatter SNAPSHOT_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private EtcdBackup() {}

  /** The snapshot's file on the first control plane; {@code stamp} is the UTC time it is taken, yyyyMMddTHHmmssZ. */
  public static String path(String cluster, String stamp) {
    return "/var/backups/bosun-etcd-" + cluster + "-" + stamp + ".db";
  }

  static EtcdSnapshot take(Inventory inventory, UpgradeView view) {
    view.phase(Phase.SNAPSHOT, view.finishedCount());
    NodeSpec first = inventory.firstControlPlane();
    String path = path(
        inventory.cluster(),
        SNAPSHOT_STAMP.format(Instant.ofEpochMilli(Workflow.currentTimeMillis())));
    view.details("Taking an etcd snapshot on " + first.name() + ": " + path);
    return node(BosunActivityOptions.HOST_STEP, "etcd snapshot on " + first.name() + " to " + path)
        .etcdSnapshot(HostTarget.of(inventory, first), path);
  }
}
