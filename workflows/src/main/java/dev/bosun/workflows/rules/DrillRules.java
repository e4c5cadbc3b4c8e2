package dev.bosun.workflows.rules;

import dev.bosun.workflows.activities.ScratchBucket;
import dev.bosun.workflows.activities.VeleroInstall;
import dev.bosun.workflows.model.DrillSpec;
import dev.bosun.workflows.model.Inventory;
import dev.bosun.workflows.model.NodeRole;
import dev.bosun.workflows.model.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a drill's settings: the inventory's {@code drill.scratch} and {@code drill.velero}, and the
 * {@code velero install} the activity runs (the inventory reader, the workflow's plan and the activity check the
 * same). Every problem names its inventory field.
 */
public final class DrillRules {

  /** An image reference: registry/path:tag or @sha256:digest; no shell characters. */
  private static final Pattern IMAGE =
      Pattern.compile("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?");

  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public static final String IMAGE_RULE =
      "is not an image reference: registry/name:tag, e.g. velero/velero-plugin-for-aws:v1.14.3";
  public static final String BUCKET_RULE =
      "is not an S3 bucket name: 3-63 lowercase letters, digits, '.' and '-'";

  private DrillRules() {}

  /** Every problem of the inventory's drill section for a run; empty when a drill can run. */
  public static List<String> problems(Inventory inv) {
    List<String> p = new ArrayList<>();
    DrillSpec d = inv.drill();
    if (d == null || d.scratch() == null || d.velero() == null) {
      p.add("drill: the inventory needs a drill section with scratch and velero to run a drill");
      return p;
    }
    DrillSpec.ScratchSpec s = d.scratch();
    if (s.controlPlaneEndpoint() == null || !Syntax.isHostPort(s.controlPlaneEndpoint())) {
      p.add(
          "drill.scratch.controlPlaneEndpoint must be HOST:PORT, the scratch cluster's API server");
    } else if (s.controlPlaneEndpoint().equals(inv.kubernetes().controlPlaneEndpoint())) {
      p.add(
          "drill.scratch.controlPlaneEndpoint is the cluster's own kubernetes.controlPlaneEndpoint:"
              + " a drill restores into a scratch cluster, never the one it protects");
    }
    if (s.hypervisor() == null) {
      p.add("drill.scratch.hypervisor is missing: the drill's VMs are created and destroyed there");
    }
    if (s.nodes().stream().noneMatch(n -> n.role() == NodeRole.CONTROL_PLANE)) {
      p.add("drill.scratch.nodes needs a control-plane node (it runs velero install)");
    }
    for (NodeSpec n : s.nodes()) {
      if (inv.hasNode(n.name())) {
        p.add("drill.scratch.nodes: " + n.name()
            + " is also a node of nodes: scratch nodes are the drill's own");
      }
      if (n.address() != null
          && inv.nodes().stream().anyMatch(o -> n.address().equals(o.address()))) {
        p.add("drill.scratch.nodes: " + n.name() + "'s address " + n.address()
            + " belongs to a node of nodes: the teardown would destroy it");
      }
      if (n.address() == null) {
        p.add("drill.scratch.nodes: " + n.name()
            + " needs an address: the drill reaches the scratch cluster there once it is built");
      }
      if (n.vm() == null) {
        p.add("drill.scratch.nodes: " + n.name()
            + " needs a vm: scratch nodes are VMs the drill creates and destroys");
      }
    }
    DrillSpec.DrillVeleroSpec v = d.velero();
    String remote = RemoteRule.problem(v.scratchBucket());
    if (remote != null) {
      p.add("drill.velero.scratchBucket " + remote);
    } else if (inv.backup() != null
        && inv.backup().offHost() != null
        && v.scratchBucket().equals(inv.backup().offHost().destination())) {
      p.add(
          "drill.velero.scratchBucket is backup.offHost.destination: the scratch bucket is written, the copy never");
    }
    p.addAll(problems(new VeleroInstall(
        "velero", "default", v.plugins(), v.bucket(), v.region(), v.s3Url(), v.credentialsFile())));
    return p;
  }

  /** Every problem of a {@code velero install}; empty when it may run. */
  public static List<String> problems(VeleroInstall i) {
    List<String> p = new ArrayList<>();
    if (i.namespace() == null || !Syntax.isLabel(i.namespace())) {
      p.add("backup.velero.namespace " + Syntax.LABEL_RULE);
    }
    if (i.storageLocation() == null || !Syntax.isLabel(i.storageLocation())) {
      p.add("the storage location " + Syntax.LABEL_RULE);
    }
    if (i.plugins() == null || !IMAGE.matcher(i.plugins()).matches()) {
      p.add("drill.velero.plugins " + IMAGE_RULE);
    }
    if (i.bucket() == null || !BUCKET.matcher(i.bucket()).matches()) {
      p.add("drill.velero.bucket " + BUCKET_RULE);
    }
    if (i.region() == null || !REGION.matcher(i.region()).matches()) {
      p.add(
          "drill.velero.region is not an S3 region: lowercase letters, digits and '-', e.g. us-east-1");
    }
    String url = i.s3Url() == null ? "is missing" : UrlRule.problem(i.s3Url(), true);
    if (url != null) {
      p.add("drill.velero.s3Url " + url);
    } else if (!Syntax.isSafeText(i.s3Url()) || i.s3Url().contains(",")) {
      p.add(
          "drill.velero.s3Url has characters a backup-location config cannot carry (',' or shell characters)");
    }
    if (!Syntax.isLocalPath(i.credentialsFile())) {
      p.add("drill.velero.credentialsFile " + BackupRules.LOCAL_PATH_RULE
          + " (the file's path on the worker, never its content)");
    }
    return p;
  }

  /** The scratch bucket as the activity receives it. */
  public static List<String> problems(ScratchBucket b) {
    List<String> p = new ArrayList<>();
    String remote = RemoteRule.problem(b.remote());
    if (remote != null) {
      p.add("drill.velero.scratchBucket " + remote);
    }
    if (b.rcloneConfig() != null && !Syntax.isLocalPath(b.rcloneConfig())) {
      p.add("backup.offHost.rcloneConfig " + BackupRules.LOCAL_PATH_RULE);
    }
    return p;
  }
}
