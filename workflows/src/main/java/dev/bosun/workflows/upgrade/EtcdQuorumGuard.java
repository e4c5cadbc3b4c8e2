package dev.bosun.workflows.upgrade;

import static dev.bosun.workflows.ActivityStubs.node;

import dev.bosun.workflows.BosunActivityOptions;
import dev.bosun.workflows.activities.EtcdMember;
import dev.bosun.workflows.model.NodeRole;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The {@link NodeStep#ETCD_QUORUM} step of a control plane: read the etcd members and their health on the node, and
 * refuse (a node failure: retry, skip or abort) when its member going down would lose quorum ({@link
 * EtcdQuorumPolicy}). Workers have no member: nothing to check.
 */
final class EtcdQuorumGuard {

  /** Node workflows started before the guard replay without it. */
  static final String CHANGE_ID = "etcd-quorum-guard";

  /** Preflight's check that etcdctl is on every control plane to upgrade (runs before it replay without it). */
  static final String PREFLIGHT_CHANGE_ID = "preflight-etcdctl-for-quorum-guard";

  static final String REFUSED = "EtcdQuorumAtRisk";

  private EtcdQuorumGuard() {}

  static void check(NodeUpgradeInput in) {
    if (in.role() != NodeRole.CONTROL_PLANE
        || Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return;
    }
    String n = in.host().node();
    List<EtcdMember> members = node(
            BosunActivityOptions.QUICK, "etcdctl member list and endpoint health on " + n)
        .etcdMembers(in.host());
    EtcdQuorumPolicy.Verdict verdict = EtcdQuorumPolicy.check(n, members);
    if (!verdict.allowed()) {
      throw ApplicationFailure.newFailure(verdict.refusal(), REFUSED);
    }
  }
}
